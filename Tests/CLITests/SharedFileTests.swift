import Foundation
@_spi(RawSQL) import Store
import TestSupport
import Testing

/// The CLI and a running server on one database file, the documented way to work (tokens and imports are
/// made with the CLI while the server serves): every write and every view must carry on after the other
/// process commits.
@Suite struct SharedFileTests {
    static let site = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.61,31.31]},"properties":{"name":"%@","category":"school"}}"#

    @Test func serverWritesAndTilesCarryOnAfterCLICommits() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("shared.sqlite").path
        #expect(try CLI.run(["demo", "--scale", "small", "--db", db]).status == 0)
        let token = try CLI.run(["token", "create", "--name", "first", "--role", "editor", "--db", db]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServedRiskmap(db: db, extra: ["--workers", "2"])
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/geo+json"]
        func post(_ name: String) throws -> HTTPReply {
            try server.request("POST", "/collections/sites/items", body: Data(String(format: Self.site, name).utf8), headers: auth)
        }

        #expect(try post("before the CLI").status == 201)
        // Another process commits: a token, then an import.
        #expect(try CLI.run(["token", "create", "--name", "second", "--role", "viewer", "--db", db]).status == 0)
        let after = try post("after a CLI token")
        #expect(after.status == 201, "\(after.text)")

        let file = dir.appendingPathComponent("import.geojson")
        try Data(#"{"type":"FeatureCollection","features":[\#(String(format: Self.site, "imported-by-the-cli"))]}"#.utf8).write(to: file)
        let imported = try CLI.run(["import", "sites", file.path, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        let afterImport = try post("after a CLI import")
        #expect(afterImport.status == 201, "\(afterImport.text)")
        let health = try server.request("GET", "/health")
        #expect(health.status == 200)
        #expect(health.json["writer"] as? String == "ready")

        // The import shows in the tiles too (other processes' writes are noticed within a second).
        Thread.sleep(forTimeInterval: 1.2)
        for _ in 0..<2 { _ = try server.request("GET", "/tiles/sites/14/13681/6690.mvt") ; Thread.sleep(forTimeInterval: 1.1) }
        let tile = try server.request("GET", "/tiles/sites/14/13681/6690.mvt")
        #expect(tile.status == 200)
        #expect(tile.body.range(of: Data("imported-by-the-cli".utf8)) != nil, "the CLI's import is missing from the tile")
        #expect(tile.body.range(of: Data("after a CLI import".utf8)) != nil)
    }

    /// A CLI import into the file a server serves shows in the area figures at once, which then equal those
    /// of a server started afresh on the file; the new answer has a new ETag and revalidates with it.
    @Test func areaFiguresFollowACLIImport() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.smallDemoWithGrid(in: dir, "areas")
        let server = try ServedRiskmap(db: db, extra: ["--workers", "2"])
        let before = try server.request("GET", "/areas?level=district")
        #expect(before.status == 200)
        func sites(_ r: HTTPReply) -> Int { (r.json["areas"] as? [[String: Any]] ?? []).compactMap { $0["sites"] as? Int }.reduce(0, +) }

        let file = dir.appendingPathComponent("import.geojson")
        try Data(#"{"type":"FeatureCollection","features":[\#(String(format: Self.site, "imported-by-the-cli"))]}"#.utf8).write(to: file)
        let imported = try CLI.run(["import", "sites", file.path, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")

        let after = try server.request("GET", "/areas?level=district")
        #expect(sites(after) == sites(before) + 1)
        #expect(after.headers["etag"] != before.headers["etag"])
        #expect(try server.request("GET", "/areas?level=district", headers: ["If-None-Match": after.headers["etag"] ?? ""]).status == 304)
        let fresh = try ServedRiskmap(db: db, extra: ["--workers", "1"])
        #expect(try fresh.request("GET", "/areas?level=district").text == after.text)
        // Their links name their own ports.
        #expect(try fresh.request("GET", "/collections").text.replacingOccurrences(of: ":\(fresh.port)/", with: ":PORT/")
                == (try server.request("GET", "/collections").text.replacingOccurrences(of: ":\(server.port)/", with: ":PORT/")))
    }

    /// Colour rules changed by `riskmap grid rebuild --config` count in a server already running (it kept the
    /// old ones until a restart).
    @Test func colourRulesOfARebuildCountInARunningServer() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.smallDemoWithGrid(in: dir, "rules")
        let token = try CLI.run(["token", "create", "--name", "ed", "--role", "editor", "--db", db]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServedRiskmap(db: db, extra: ["--workers", "2"])
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/geo+json"]
        func newEnterpriseWithAGeneralRisk() throws -> String? {
            let source = try server.request("POST", "/collections/risk_sources/items", body: Data(#"""
                {"type":"Feature","geometry":{"type":"Point","coordinates":[120.61,31.31]},"properties":{"name":"新厂","sector":"hazardous_chemicals"}}
                """#.utf8), headers: auth)
            let id = try #require(source.json["id"] as? Int)
            let risk = try server.request("POST", "/collections/risks/items", body: Data(#"""
                {"type":"Feature","geometry":null,"properties":{"source_id":\#(id),"name":"动火","level":"general"}}
                """#.utf8), headers: auth)
            #expect(risk.status == 201, "\(risk.text)")
            return (try server.request("GET", "/collections/risk_sources/items/\(id)").json["properties"] as? [String: Any])?["colour"] as? String
        }
        #expect(try newEnterpriseWithAGeneralRisk() == "yellow")
        let config = dir.appendingPathComponent("model.json")
        try Data(#"{"colourRules":{"byWorstLevel":{"major":"red","significant":"red","general":"orange","low":"blue"},"byHazardGrade":{},"otherwise":"blue"}}"#.utf8)
            .write(to: config)
        let rebuilt = try CLI.run(["grid", "rebuild", "--config", config.path, "--db", db])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try newEnterpriseWithAGeneralRisk() == "orange", "the server still colours by the old rules")
    }

    /// A small demo city with its grid, made by the CLI in `dir`; its path.
    static func smallDemoWithGrid(in dir: URL, _ name: String) throws -> String {
        let db = dir.appendingPathComponent(name + ".sqlite").path
        #expect(try CLI.run(["demo", "--scale", "small", "--db", db]).status == 0)
        #expect(try CLI.run(["grid", "rebuild", "--db", db]).status == 0)
        return db
    }

    /// A new risk model stored by `riskmap grid rebuild --config` in another process reaches the server's planners'
    /// answers: a major risk without its own radius takes the model's new default in the nearby search.
    @Test func aRiskModelRebuiltByTheCLIReachesTheNearbyAnswers() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("shared.sqlite").path
        #expect(try CLI.run(["demo", "--scale", "small", "--db", db]).status == 0)
        let (fid, lon, lat) = try Store(path: db).withWriterSnapshot { c -> (Int64, Double, Double) in
            let fid = try #require(try c.scalar("SELECT min(fid) FROM risks WHERE level = 'major' AND geom IS NOT NULL").intValue)
            try c.execute("UPDATE risks SET impact_radius_m = NULL WHERE fid = \(fid)")
            return (fid, try c.scalar("SELECT ST_X(geom) FROM risks WHERE fid = \(fid)").doubleValue ?? 0,
                    try c.scalar("SELECT ST_Y(geom) FROM risks WHERE fid = \(fid)").doubleValue ?? 0)
        }
        let server = try ServedRiskmap(db: db, extra: ["--workers", "2"])
        func radius() throws -> Double? {
            let r = try server.request("GET", "/analysis/nearby?lon=\(lon)&lat=\(lat)&radius=50&layers=risks&limit=1000")
            let hits = (try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any])?["features"] as? [[String: Any]] ?? []
            let hit = hits.first { ($0["properties"] as? [String: Any])?["fid"] as? Int == Int(fid) }
            return (hit?["properties"] as? [String: Any])?["impact_radius_m"] as? Double
        }
        #expect(try radius() == 1_000)
        let model = dir.appendingPathComponent("model.json")
        try Data(#"{"defaultImpactRadiusM": {"major": 777, "significant": 500, "general": 200, "low": 50}}"#.utf8).write(to: model)
        #expect(try CLI.run(["grid", "rebuild", "--config", model.path, "--db", db]).status == 0)
        #expect(try radius() == 777)
    }
}
