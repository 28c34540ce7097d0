import Foundation
import GeoKit
import RiskGrid
import RiskModel
import Store
import TestSupport
import Testing

/// Colour classes on the demo cities (issue 14): classes that discriminate, and the same colour at every zoom.
@Suite struct GridClassesTests {
    /// A demo city written by the riskmap binary into a temporary directory, with its grid built.
    final class Demo {
        let directory: URL
        let store: Store

        init(scale: String) throws {
            directory = try CLI.tempDir()
            let path = directory.appendingPathComponent("demo.sqlite").path
            let run = try CLI.run(["demo", "--scale", scale, "--seed", "1", "--db", path])
            guard run.status == 0 else { throw CLIFailure(text: run.stderr) }
            store = try Store(path: path, observers: [EnterpriseColours(), GridObserver()])
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        func meta() throws -> GridMeta { try #require(try store.read { r in try GridStore.meta(r.connection) }) }

        func cells(level: Int) throws -> [GridQuery.Cell] {
            try store.read { r in try GridQuery(reader: r).storedCells(level: level) }
        }

        func rebuild(_ config: RiskModelConfig, breaks: PerColour<Double>? = nil) throws {
            try store.write(WriteContext(actor: "test")) { tx in
                let geometry = try GridStore.meta(tx.connection)?.geometry
                try GridBuilder(config: config).rebuild(tx.connection, builtAt: "2026-11-24T08:00:00Z", geometry: geometry, breaks: breaks)
            }
        }
    }

    struct CLIFailure: Error { let text: String }

    @Test(arguments: ["small", "city"]) func everyClassOccursAndRedIsASmallShare(scale: String) throws {
        let demo = try Demo(scale: scale)
        let meta = try demo.meta()
        #expect(meta.config.classes.mode == .quantile, "the default mode")
        let census = try demo.store.read { r in try GridQuery(reader: r).census(level: 0) }
        let (total, by) = (census.cells, census.byClass)
        let shares = RiskColour.allCases.map { String(format: "%@ %.1f%%", $0.rawValue, 100 * Double(by[$0] ?? 0) / Double(total)) }
        print("\(scale): \(total) populated base cells; \(shares.joined(separator: ", ")); breaks \(meta.breaks)")
        for colour in RiskColour.allCases { #expect((by[colour] ?? 0) > 0, "\(scale): \(colour) occurs") }
        #expect(Double(by[.red] ?? 0) <= meta.config.classes.shares.red * Double(total), "\(scale): red ≤ the configured share")
        #expect(by.values.reduce(0, +) == total, "every populated cell has a class")
    }

    /// The rule: for at least 90 % of populated base cells, the class of the cell covering them at each coarser
    /// level is their own or the worst among the base cells it covers. With the maximum it is always the worst.
    @Test(arguments: ["small", "city"]) func theSamePlaceHasTheSameColourAtEveryZoom(scale: String) throws {
        let demo = try Demo(scale: scale)
        let base = try demo.cells(level: 0).filter { $0.combined > 0 }
        for level in 1..<(try demo.meta()).geometry.levels {
            let coarse = Dictionary(uniqueKeysWithValues: try demo.cells(level: level).map { ($0.key, $0) })
            var worst: [CellKey: RiskColour] = [:]
            for c in base {
                let up = c.key.parent(at: level)
                if let colour = c.colour, worst[up].map({ colour > $0 }) ?? true { worst[up] = colour }
            }
            var agree = 0
            for c in base {
                let up = try #require(coarse[c.key.parent(at: level)])
                if up.colour == c.colour || up.colour == worst[up.key] { agree += 1 }
            }
            let share = Double(agree) / Double(base.count)
            #expect(share >= 0.9, "\(scale) level \(level): \(agree) of \(base.count)")
            let red = coarse.values.filter { $0.colour == .red }.count
            print("\(scale) level \(level): agreement \(String(format: "%.1f%%", 100 * share)), red \(red) of \(coarse.count) cells")
        }
    }

    @Test func absoluteModeGivesTheConfiguredThresholds() throws {
        let demo = try Demo(scale: "small")
        var config = try demo.meta().config
        config.classes.mode = .absolute
        try demo.rebuild(config)
        let meta = try demo.meta()
        #expect(meta.breaks == config.combined.thresholds)
        for level in 0..<meta.geometry.levels {
            for c in try demo.cells(level: level) { #expect(c.colour == config.combined.colour(c.combined)) }
        }
    }

    @Test func anEditKeepsTheBreaksAndEqualsARebuildWithThem() throws {
        let demo = try Demo(scale: "small")
        let before = try demo.meta()
        let editor = WriteContext(actor: "test", time: "2026-11-24T08:00:00Z")
        try demo.store.write(editor) { tx in
            let point = Geometry.point(Coordinate(120.62, 31.31))
            let source = try tx.insert(Feature(geometry: point, properties: ["name": "某化工", "sector": "hazardous_chemicals"]), into: Catalog.riskSources).id!
            for _ in 0..<20 {
                _ = try tx.insert(Feature(geometry: point, properties: ["source_id": .integer(source), "name": "泄漏", "level": "major"]), into: Catalog.risks)
            }
        }
        let after = try demo.meta()
        #expect(after.breaks == before.breaks, "an edit never reclassifies the city")
        let levels = before.geometry.levels
        let edited = try (0..<levels).map { try demo.cells(level: $0) }
        try demo.rebuild(before.config, breaks: before.breaks)
        let rebuilt = try (0..<levels).map { try demo.cells(level: $0) }
        #expect(edited == rebuilt, "incremental cells equal a rebuild's with the same breaks, classes included")
        try demo.rebuild(before.config)
        #expect(try demo.cells(level: 0).map(\.sums) == rebuilt[0].map(\.sums), "a rebuild moves only the breaks")
    }
}
