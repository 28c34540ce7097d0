import GeoKit
import Testing
@_spi(RawSQL) @testable import Store

@Suite struct DeferredIndexTests {
    func triggers(_ db: TestDatabase, _ layer: String) throws -> [String] {
        try db.store.read { r in
            let s = try r.connection.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name")
            try s.bind([.text(layer)])
            var out: [String] = []
            while try s.step() { out.append(s.text(0) ?? "") }
            return out
        }
    }

    @Test func rowsLoadedWithTheIndexDeferredAreIndexedAndTheTriggersComeBack() throws {
        let db = try TestDatabase()
        let before = try triggers(db, "sites")
        #expect(before.contains("gii_sites_geom") && before.contains("ggi_sites_geom") && before.contains("tmi_sites_geom"))
        #expect(before.count == 8, "\(before)")  // ggi ggu gii giu gid tmi tmu tmd
        var site = sampleFeature(Catalog.sites)
        try db.store.write(editor) { tx in
            _ = try tx.insert(site, into: Catalog.sites)
            try tx.suspendingChangeTimes(of: [Catalog.sites]) { try tx.deferringSpatialIndex(of: Catalog.sites) {
                for i in 0..<50 {
                    site.geometry = .point(Coordinate(120.0 + Double(i) * 0.01, 31.0))
                    _ = try tx.insertImported(site, into: Catalog.sites)
                }
                // Inside, the new rows are not in the index yet: that is the point.
                let indexed = try tx.connection.scalar("SELECT count(*) FROM idx_sites_geom")
                #expect(indexed.intValue == 1)
            } }
        }
        #expect(try triggers(db, "sites") == before)
        let found = try db.store.read { try $0.features(in: Catalog.sites, bbox: BBox(minX: 120.095, minY: 30.9, maxX: 120.205, maxY: 31.1)) }
        #expect(found.map(\.id) == Array(12...22).map { Int64($0) })
        // The restored triggers index an ordinary insert again.
        site.geometry = .point(Coordinate(121.5, 31.5))
        let stored = try db.store.write(editor) { try $0.insert(site, into: Catalog.sites) }
        let near = try db.store.read { try $0.features(in: Catalog.sites, bbox: BBox(minX: 121.4, minY: 31.4, maxX: 121.6, maxY: 31.6)) }
        #expect(near.map(\.id) == [stored.id])
    }

    @Test func aFailedLoadLeavesTheSchemaAndDataAsTheyWere() throws {
        let db = try TestDatabase()
        let before = try triggers(db, "sites")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try db.store.write(editor) { tx in
                try tx.suspendingChangeTimes(of: Catalog.layers) {
                    try tx.deferringSpatialIndex(of: Catalog.sites) {
                        _ = try tx.insertImported(sampleFeature(Catalog.sites), into: Catalog.sites)
                        throw Stop()
                    }
                }
            }
        }
        #expect(try triggers(db, "sites") == before)
        #expect(try db.store.read { try $0.count(Catalog.sites) } == 0)
    }

    @Test func aLargerPageCacheLastsOnlyForItsBody() throws {
        let db = try TestDatabase()
        let cacheSize = { (tx: WriteTransaction) in try tx.connection.scalar("PRAGMA cache_size").intValue }
        try db.store.write(editor) { tx in
            let before = try cacheSize(tx)
            let inside = try tx.withPageCache(mebibytes: 64) { try cacheSize(tx) }
            #expect(inside == -65_536)
            #expect(try cacheSize(tx) == before)
            struct Stop: Error {}
            #expect(throws: Stop.self) { try tx.withPageCache(mebibytes: 64) { throw Stop() } }
            #expect(try cacheSize(tx) == before)
        }
    }

    @Test func checkConstraintsAreOffOnlyInsideTheirBody() throws {
        let db = try TestDatabase()
        try db.store.write(editor) { tx in
            let site = try tx.insert(sampleFeature(Catalog.sites), into: Catalog.sites)
            let update = "UPDATE sites SET category = 'purple' WHERE fid = \(site.id ?? 0)"
            #expect(throws: SQLiteError.self) { try tx.connection.execute(update) }
            try tx.ignoringCheckConstraints { try tx.connection.execute(update) }
            struct Stop: Error {}
            #expect(throws: Stop.self) { try tx.ignoringCheckConstraints { throw Stop() } }
            #expect(throws: SQLiteError.self) { try tx.connection.execute(update) }
        }
    }
}
