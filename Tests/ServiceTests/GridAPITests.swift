import Foundation
import GeoKit
@_spi(RawSQL) import Store
import Testing

@Suite(.serialized) struct GridAPITests {
    let server: TestServer

    init() throws { server = try TestServer() }

    @Test func districtSummariesCoverEveryEnterprise() throws {
        let r = server.get("/areas?level=district")
        #expect(r.status == 200)
        let areas = r.object["areas"] as? [[String: Any]] ?? []
        #expect(areas.count == 9)
        let enterprises = areas.map { ($0["enterprises"] as? [String: Int] ?? [:]).values.reduce(0, +) }.reduce(0, +)
        #expect(enterprises == 300)
        let risks = areas.map { ($0["risks"] as? [String: Int] ?? [:]).values.reduce(0, +) }.reduce(0, +)
        // Risks count at the instant asked (now): temporary ones outside their window do not.
        let now = Timestamp.now()
        let current = try server.store.read {
            try $0.connection.scalar("SELECT count(*) FROM risks WHERE (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to > ?)",
                                     [.text(now), .text(now)]).intValue
        }
        #expect(Int64(risks) == current)
        let one = server.get("/areas/\(areas[0]["id"] as! Int)/summary").object
        #expect(one["name"] as? String == areas[0]["name"] as? String)
        #expect(server.get("/areas?level=planet").status == 400)
        #expect(server.get("/areas/99999/summary").status == 404)
    }

    /// Area answers are kept until a write: a repeat with the ETag is a 304; a write through the API changes
    /// the answer and its tag, and the figures then equal a count made from scratch in SQL.
    @Test func areaAnswersRevalidateAndFollowWrites() throws {
        let first = server.get("/areas?level=district")
        let tag = try #require(first.headers["etag"])
        #expect(server.get("/areas?level=district", headers: ["If-None-Match": tag]).status == 304)
        let one = server.get("/areas/2/summary")
        #expect(server.get("/areas/2/summary", headers: ["If-None-Match": one.headers["etag"] ?? ""]).status == 304)
        let collections = server.get("/collections")
        #expect(server.get("/collections", headers: ["If-None-Match": collections.headers["etag"] ?? ""]).status == 304)

        let risk = server.get("/collections/risks/items/1").object
        let geometry = try JSONSerialization.data(withJSONObject: risk["geometry"] ?? [:])
        let source = (risk["properties"] as? [String: Any])?["source_id"] as? Int ?? 1
        let created = server.send("POST", "/collections/risks/items", token: try server.token(.editor),
                                  json: #"{"type":"Feature","geometry":\#(String(decoding: geometry, as: UTF8.self)),"properties":{"source_id":\#(source),"name":"新增","level":"major"}}"#)
        #expect(created.status == 201, "\(created.text)")

        let after = server.get("/areas?level=district")
        #expect(after.status == 200)
        #expect(after.headers["etag"] != tag)
        #expect(server.get("/areas?level=district", headers: ["If-None-Match": tag]).status == 200)
        #expect(after.text != first.text)
        let now = Timestamp.now()
        let fromScratch = try server.store.read { r in
            let s = try r.connection.prepare("""
                SELECT a.fid, f.level, count(*) FROM areas a, risks f WHERE a.level = 'district'
                AND ST_Within(PointOnSurface(f.geom), a.geom) AND (f.valid_from IS NULL OR f.valid_from <= ?1)
                AND (f.valid_to IS NULL OR f.valid_to > ?1) GROUP BY 1, 2
                """)
            try s.bind([.text(now)])
            var counts: [Int: [String: Int]] = [:]
            while try s.step() { counts[Int(s.int64(0)), default: [:]][s.text(1) ?? ""] = Int(s.int64(2)) }
            return counts
        }
        for area in after.object["areas"] as? [[String: Any]] ?? [] {
            let risks = (area["risks"] as? [String: Int] ?? [:]).filter { $0.value > 0 }
            #expect(risks == fromScratch[area["id"] as? Int ?? 0] ?? [:], "district \(area["id"] ?? "?")")
        }
    }

    @Test func explainAddsUpToTheCell() throws {
        let e = server.get("/grid/explain?lon=120.62&lat=31.31").object
        let cell = e["cell"] as? [String: Any] ?? [:]
        let contributions = e["contributions"] as? [[String: Any]] ?? []
        #expect(!contributions.isEmpty)
        let sum = contributions.compactMap { $0["hazard"] as? Double }.reduce(0, +)
        #expect(abs(sum - (cell["hazard"] as? Double ?? -1)) < 1e-6)
        #expect(server.get("/grid/explain?lon=120.62").status == 400)
    }

    @Test func gridCellsAsGeoJSONAndErrors() throws {
        let r = server.get("/grid?bbox=120.61,31.30,120.63,31.32&level=0")
        #expect(r.status == 200)
        let features = r.object["features"] as? [[String: Any]] ?? []
        #expect(!features.isEmpty)
        #expect(features.allSatisfy { ($0["geometry"] as? [String: Any])?["type"] as? String == "Polygon" })
        let coarse = server.get("/grid?bbox=120.61,31.30,120.63,31.32&cell=400").object["features"] as? [[String: Any]] ?? []
        #expect(!coarse.isEmpty && coarse.allSatisfy { ($0["properties"] as? [String: Any])?["level"] as? Int == 2 })
        #expect(server.get("/grid?bbox=120.61,31.30,120.63,31.32&cell=150").status == 400)
        #expect(server.get("/grid").status == 400)
        #expect(server.get("/grid?bbox=120,31,121,32&level=0&colour=red").status == 400)
        #expect(server.get("/grid?bbox=100,20,130,45&level=0").status == 400, "too many cells for the base level")
        #expect(server.get("/grid?bbox=120.61,31.30,120.63,31.32&level=99").status == 400)
    }

    /// A new major risk heats the grid around it at once: the grid tiles over it change, far ones keep their ETag.
    @Test func gridTilesFollowEdits() throws {
        let spot = Coordinate(120.6, 31.29)
        let near = try [10, 12, 14].map { try TileID.containing(spot, zoom: $0) }
        let far = try TileID.containing(Coordinate(120.655, 31.34), zoom: 14)
        func get(_ t: TileID, _ h: [String: String] = [:]) -> TestServer.Reply { server.get("/tiles/grid/\(t.z)/\(t.x)/\(t.y).mvt", headers: h) }
        let before = near.map { get($0).headers["etag"] }
        let farTag = get(far).headers["etag"]
        let explainedBefore = server.get("/grid/explain?lon=\(spot.x)&lat=\(spot.y)").object["cell"] as? [String: Any]
        let token = try server.token(.editor)
        let source = try server.store.read { try $0.connection.scalar("SELECT min(fid) FROM risk_sources").intValue! }
        let created = server.send("POST", "/collections/risks/items", token: token, json: """
            {"type":"Feature","geometry":{"type":"Point","coordinates":[\(spot.x),\(spot.y)]},"properties":{"source_id":\(source),"name":"新增重大风险","level":"major","impact_radius_m":800}}
            """)
        #expect(created.status == 201, "\(created.text)")
        for (i, t) in near.enumerated() { #expect(get(t).headers["etag"] != before[i], "grid tile \(t) is stale") }
        if let farTag { #expect(get(far, ["If-None-Match": farTag]).status == 304) }
        let explained = server.get("/grid/explain?lon=\(spot.x)&lat=\(spot.y)").object
        let hazard = (explained["cell"] as? [String: Any])?["hazard"] as? Double ?? 0
        #expect(hazard > (explainedBefore?["hazard"] as? Double ?? 0) + 26, "a major risk at the cell adds its weight 27")
        let ids = (explained["contributions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        #expect(ids.contains(created.object["id"] as? Int ?? -1))
    }

    /// Grid tiles change with the clock only where a time window starts or ends: instants between two
    /// boundaries share one cached tile, and crossing a boundary draws the tile anew.
    @Test func gridTilesAreCachedPerTimeWindowNotPerMinute() throws {
        let spot = Coordinate(120.61, 31.285)
        let tile = try TileID.containing(spot, zoom: 13)
        let token = try server.token(.editor)
        let source = try server.store.read { try $0.connection.scalar("SELECT min(fid) FROM risk_sources").intValue! }
        let created = server.send("POST", "/collections/risks/items", token: token, json: """
            {"type":"Feature","geometry":{"type":"Point","coordinates":[\(spot.x),\(spot.y)]},"properties":{"source_id":\(source),"name":"临时动火作业","level":"major","impact_radius_m":500,"valid_from":"2031-03-01T08:00:00Z","valid_to":"2031-03-01T18:00:00Z"}}
            """)
        #expect(created.status == 201, "\(created.text)")
        func hits() -> Int {
            let line = server.get("/metrics").text.split(separator: "\n").first { $0.hasPrefix("riskmap_tile_cache_hits_total") }
            return Int(line?.split(separator: " ").last ?? "") ?? -1
        }
        func etag(_ at: String) -> String? { server.get("/tiles/grid/\(tile.z)/\(tile.x)/\(tile.y).mvt?at=\(at)").headers["etag"] }
        let before = etag("2031-03-01T06:00:00Z")
        let h0 = hits()
        #expect(etag("2031-03-01T07:59:59Z") == before)
        #expect(hits() == h0 + 1, "an instant in the same stretch of time is a cache hit")
        let during = etag("2031-03-01T08:00:00Z")
        #expect(during != before, "the risk's window starts: the tile changes")
        #expect(etag("2031-03-01T17:30:00Z") == during)
        #expect(hits() == h0 + 2)
        #expect(etag("2031-03-01T18:00:00Z") == before, "after the window the grid is as before it")
    }
}
