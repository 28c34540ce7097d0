import Foundation
import Testing
@_spi(RawSQL) @testable import Store

@Suite struct SchemaTests {
    @Test func createsEveryLayerRegisteredInGeometryColumns() throws {
        let db = try TestDatabase()
        #expect(try db.store.schemaVersion() == Schema.latestVersion)
        let registered = try db.store.read { r in
            let s = try r.connection.cached("SELECT f_table_name, geometry_type, srid, spatial_index_enabled FROM geometry_columns")
            var out: [String: [Int64]] = [:]
            while try s.step() { out[s.text(0)!] = [s.int64(1), s.int64(2), s.int64(3)] }
            return out
        }
        for layer in Catalog.layers {
            let row = try #require(registered[layer.name], "\(layer.name) missing from geometry_columns")
            #expect(row[1] == 4326)
            #expect(row[2] == 1, "\(layer.name) has no spatial index")
        }
        #expect(registered["risks"]?[0] == 1)          // POINT
        #expect(registered["roads"]?[0] == 2)          // LINESTRING
        #expect(registered["areas"]?[0] == 6)          // MULTIPOLYGON
        #expect(registered["risk_sources"]?[0] == 0)   // GEOMETRY: point or site polygon
    }

    /// Owners share one version line: every version from 1 to the latest exactly once, whoever added it.
    @Test func everyOwnersMigrationsFormOneGaplessLine() {
        #expect(Schema.migrations.map(\.version) == Array(1...Schema.latestVersion))
        #expect(Set(Schema.migrations.map(\.owner)) == ["store", "grid", "alerts", "inspections"])
        #expect(Schema.store.allSatisfy { $0.owner == "store" } && Schema.grid.allSatisfy { $0.owner == "grid" })
    }

    @Test func aDatabaseFromBeforeTheAlertMessagesGainsTheirFields() throws {
        let db = try TestDatabase()
        let connection = try Connection(path: db.path, mode: .readWrite)
        for field in ["msg_type", "references_id", "rule", "areas", "departments"] { try connection.execute("ALTER TABLE alerts DROP COLUMN \(field)") }
        try connection.execute("DROP TABLE score_events")
        try connection.execute("DROP TABLE token_areas")
        try connection.execute("DROP TABLE plan_visits")
        try connection.execute("DROP TABLE plans")
        try connection.execute("DROP TABLE vocabulary_extensions")
        try connection.execute("PRAGMA user_version = 6")
        #expect(try Schema.migrate(connection) == [7, 8, 9, 10, 11])
        let s = try connection.prepare("SELECT name FROM pragma_table_info('alerts')")
        var columns: [String] = []
        while try s.step() { columns.append(s.text(0) ?? "") }
        #expect(["msg_type", "references_id", "rule", "areas", "departments"].allSatisfy(columns.contains))
    }

    @Test func reopeningAppliesNoMigrationAgain() throws {
        let db = try TestDatabase()
        let connection = try Connection(path: db.path, mode: .readWrite)
        #expect(try Schema.migrate(connection).isEmpty)
        _ = try Store(path: db.path)
        #expect(try Schema.version(of: connection) == Schema.latestVersion)
    }

    @Test func refusesADatabaseFromANewerRiskmap() throws {
        let db = try TestDatabase()
        try Connection(path: db.path, mode: .readWrite).execute("PRAGMA user_version = 999")
        #expect(throws: StoreError.schemaTooNew(found: 999, supported: Schema.latestVersion)) {
            _ = try Store(path: db.path)
        }
    }

    @Test func refusesAForeignSQLiteFileAndAMissingOne() throws {
        let db = try TestDatabase()
        let other = db.directory.appendingPathComponent("other.sqlite").path
        try Connection(path: other, mode: .create).execute("CREATE TABLE t (x)")
        #expect(throws: StoreError.self) { _ = try Store(path: other) }
        #expect(throws: StoreError.self) { _ = try Store(path: db.directory.appendingPathComponent("none.sqlite").path) }
    }

    @Test func bboxQueriesUseTheSpatialIndex() throws {
        let db = try TestDatabase()
        let plan = try db.store.read { r in
            let s = try r.connection.prepare("EXPLAIN QUERY PLAN " + LayerSQL.of(Catalog.risks).select
                                              + " WHERE fid IN (\(Reader.rtreeFilter(Catalog.risks)))")
            var details: [String] = []
            while try s.step() { details.append(s.text(3) ?? "") }
            return details.joined(separator: "\n")
        }
        #expect(plan.contains("VIRTUAL TABLE INDEX"), "plan: \(plan)")
        #expect(plan.contains("idx_risks_geom"), "plan: \(plan)")
        #expect(!plan.contains("SCAN risks"), "plan: \(plan)")
    }
}
