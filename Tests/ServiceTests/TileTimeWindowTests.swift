import Foundation
import GeoKit
import Glibc
import Store
import Testing
@testable import Service

/// Reports, temporary risks and temporary sites show on the map only inside their time windows ([valid_from,
/// valid_to), as the grid counts them), at the instant asked (?at=) or now; tiles are cached per stretch of
/// time between window edges, so a report drops out when its window ends, with no write.
@Suite struct TileTimeWindowTests {
    let server: TestServer
    let tile: TileID
    /// Each feature's layer and id, as `drawn` gives them.
    let ids: [String: String]

    init() throws {
        server = try TestServer(demo: false)
        let p = Coordinate(120.62, 31.31)
        tile = try TileID.containing(p, zoom: 14)
        func near(_ n: Int) -> Geometry { .point(Coordinate(p.x + Double(n) * 0.0005, p.y)) }
        let soon = Timestamp.format(epochSeconds: Int64(time(nil)) + 2)
        var ids: [String: String] = [:]
        try server.store.write(WriteContext(actor: "test")) { tx in
            let source = try tx.insert(Feature(geometry: near(0), properties: ["name": "化工厂", "sector": "hazardous_chemicals"]),
                                       into: Catalog.riskSources).id!
            func add(_ name: String, _ layer: LayerSchema, _ n: Int, _ properties: [String: Value]) throws {
                ids[name] = "\(layer.name)/\(try tx.insert(Feature(geometry: near(n), properties: properties), into: layer).id!)"
            }
            func report(_ name: String, _ from: String, _ to: String, _ n: Int) throws {
                try add(name, Catalog.reports, n, ["reporter": "上报单位", "activity": "hot_work", "level": "significant",
                                                   "valid_from": .text(from), "valid_to": .text(to)])
            }
            try report("early report", "2026-01-01T00:00:00Z", "2026-01-10T00:00:00Z", 1)
            try report("long report", "2026-01-05T00:00:00Z", "2026-02-01T00:00:00Z", 2)
            try report("report ending soon", "2026-01-01T00:00:00Z", soon, 3)
            try add("temporary risk", Catalog.risks, 4, ["source_id": .integer(source), "name": "检修", "level": "major",
                                                         "valid_from": "2026-01-01T00:00:00Z", "valid_to": "2026-01-03T00:00:00Z"])
            try add("permanent risk", Catalog.risks, 5, ["source_id": .integer(source), "name": "储罐", "level": "major"])
            try add("temporary site", Catalog.sites, 6, ["name": "庙会", "category": "temporary_event",
                                                         "valid_from": "2026-01-20T00:00:00Z", "valid_to": "2026-01-25T00:00:00Z"])
        }
        self.ids = ids
    }

    /// The features drawn in the tile at `at` (now when nil), as layer/id.
    func drawn(at: String?) throws -> Set<String> {
        let r = server.get("/tiles/reports,risks,sites/\(tile.z)/\(tile.x)/\(tile.y).mvt" + (at.map { "?at=" + $0 } ?? ""))
        #expect(r.status == 200)
        return Set(try decodeTile(r.body).flatMap { layer, features in features.compactMap { f in (f["id"] as? Int).map { "\(layer)/\($0)" } } })
    }

    @Test func featuresShowOnlyInsideTheirWindows() throws {
        let jan2 = try drawn(at: "2026-01-02T00:00:00Z")
        #expect(jan2.contains(ids["early report"]!) && jan2.contains(ids["temporary risk"]!))
        #expect(!jan2.contains(ids["long report"]!), "a report before its window")
        let jan12 = try drawn(at: "2026-01-12T00:00:00Z")
        #expect(!jan12.contains(ids["early report"]!), "a report whose window ended")
        #expect(!jan12.contains(ids["temporary risk"]!), "a temporary risk whose window ended")
        #expect(jan12.contains(ids["long report"]!) && jan12.contains(ids["permanent risk"]!))
        #expect(!jan12.contains(ids["temporary site"]!))
        #expect(try drawn(at: "2026-01-21T00:00:00%2B08:00").contains(ids["temporary site"]!))
        // Windows are half-open: a report is gone at the instant its window ends.
        #expect(!(try drawn(at: "2026-01-10T00:00:00Z")).contains(ids["early report"]!))
        #expect(server.get("/tiles/reports/\(tile.z)/\(tile.x)/\(tile.y).mvt?at=yesterday").status == 400)
    }

    @Test func instantsInOneStretchShareOneCacheEntry() throws {
        let before = metrics(server)
        let a = try drawn(at: "2026-01-12T00:00:00Z"), b = try drawn(at: "2026-01-15T08:30:00Z")
        #expect(a == b)
        let after = metrics(server)
        #expect(after["riskmap_tile_cache_entries"]! - before["riskmap_tile_cache_entries"]! == 1)
        #expect(after["riskmap_tile_cache_hits_total"]! - before["riskmap_tile_cache_hits_total"]! == 1)
        // Across a window edge (the temporary site's start): another stretch, another entry.
        _ = try drawn(at: "2026-01-20T00:00:00Z")
        #expect(metrics(server)["riskmap_tile_cache_entries"]! - before["riskmap_tile_cache_entries"]! == 2)
    }

    @Test func aReportDropsOutWhenItsWindowEndsWithNoWrite() throws {
        let audit = try server.fingerprint()
        #expect(try drawn(at: nil).contains(ids["report ending soon"]!))
        Thread.sleep(forTimeInterval: 3)
        #expect(!(try drawn(at: nil)).contains(ids["report ending soon"]!))
        #expect(try server.fingerprint() == audit, "nothing was written")
    }

    /// The same for a report written after the tile's sources were built (their window edges then come from the
    /// commit's refresh, not from the build).
    @Test func aReportWrittenLaterDropsOutWhenItsWindowEnds() throws {
        _ = try drawn(at: nil)
        let soon = Timestamp.format(epochSeconds: Int64(time(nil)) + 2)
        let id = try server.store.write(WriteContext(actor: "test")) { tx in
            try tx.insert(Feature(geometry: .point(Coordinate(120.62 + 0.0035, 31.31)),
                                  properties: ["reporter": "上报单位", "activity": "hot_work", "level": "major",
                                               "valid_from": "2026-01-01T00:00:00Z", "valid_to": .text(soon)]),
                          into: Catalog.reports).id!
        }
        #expect(try drawn(at: nil).contains("reports/\(id)"))
        Thread.sleep(forTimeInterval: 3)
        #expect(!(try drawn(at: nil)).contains("reports/\(id)"))
    }
}
