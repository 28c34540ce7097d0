import Foundation
import TestSupport
import Testing

@Suite struct GridCLITests {
    @Test func rebuildThenExplainOnTheSmallDemoCity() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        let empty = dir.appendingPathComponent("empty.sqlite").path
        #expect(try CLI.run(["init", "--db", empty]).status == 0)
        let before = try CLI.run(["grid", "explain", "--lon", "120.62", "--lat", "31.31", "--db", empty])
        #expect(before.status == 1 && before.stderr.contains("riskmap grid rebuild"), "no grid yet: say how to build it")
        // The demo city comes with its grid; a rebuild recomputes it.
        #expect(try CLI.run(["demo", "--scale", "small", "--db", db]).status == 0)
        let rebuild = try CLI.run(["grid", "rebuild", "--db", db])
        #expect(rebuild.status == 0)
        #expect(rebuild.stdout.contains("grid rebuilt") && rebuild.stdout.contains("EPSG:32651"))
        #expect(rebuild.stderr.contains("grid: cells"), "progress on stderr")
        let explain = try CLI.run(["grid", "explain", "--lon", "120.62", "--lat", "31.31", "--at", "2026-11-01T00:00:00Z", "--db", db])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("class ") && !explain.stdout.contains("class none") && explain.stdout.contains("\nsum "))
        // The breaks the rebuild fixed from the city's distribution, in index units.
        let built = try CLI.run(["grid", "config", "--built", "--db", db])
        #expect(built.status == 0)
        let meta = try #require(try JSONSerialization.jsonObject(with: Data(built.stdout.utf8)) as? [String: Any])
        let classes = try #require(meta["classes"] as? [String: Any])
        #expect(classes["mode"] as? String == "quantile" && classes["aggregation"] as? String == "max")
        let breaks = try #require(classes["breaks"] as? [String: Double])
        #expect(breaks["red"]! > breaks["orange"]! && breaks["orange"]! > breaks["yellow"]! && breaks["yellow"]! > 0)
        let unbuilt = try CLI.run(["grid", "config", "--built", "--db", empty])
        #expect(unbuilt.status == 1 && unbuilt.stderr.contains("riskmap grid rebuild"))
    }

    @Test func colourRulesOfTheModelRecolourEveryEnterprise() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try CLI.run(["demo", "--scale", "small", "--db", db]).status == 0)
        #expect(try CLI.run(["stats", "--db", db]).stdout.contains("orange 0") == false)
        let model = dir.appendingPathComponent("model.json")
        try Data(#"""
            {"colourRules": {"byWorstLevel": {"major": "red", "significant": "red", "general": "yellow", "low": "blue"},
                             "byHazardGrade": {"1": "red", "2": "red", "3": "red", "4": "red"}, "otherwise": "blue"}}
            """#.utf8).write(to: model)
        let rebuild = try CLI.run(["grid", "rebuild", "--config", model.path, "--db", db])
        #expect(rebuild.status == 0 && rebuild.stdout.contains("colour rules changed"))
        #expect(try CLI.run(["stats", "--db", db]).stdout.contains("orange 0"))
        #expect(try CLI.run(["grid", "rebuild", "--db", db]).stdout.contains("colour rules changed") == false, "the stored model is kept")
    }

    @Test func gridUsageErrorsExit64() throws {
        for args in [["grid"], ["grid", "fly"], ["grid", "explain", "--lon", "x", "--lat", "31"], ["grid", "explain", "--lon", "120", "--lat", "31", "--at", "soon"]] {
            let r = try CLI.run(args)
            #expect(r.status == 64, "\(args)")
            #expect(r.stderr.hasPrefix("riskmap: error: "))
        }
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.json")
        try Data(#"{"grid": {"crs": "utm", "cellSizeM": -5, "levels": 8}}"#.utf8).write(to: bad)
        let r = try CLI.run(["grid", "config", "--config", bad.path])
        #expect(r.status == 1 && r.stderr.contains("grid.cellSizeM"))
    }
}
