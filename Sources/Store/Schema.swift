/// Versioned schema migrations. `PRAGMA user_version` holds the number of migrations applied; each
/// migration runs in the same transaction as the version bump, so a database is never half-migrated.
public enum Schema {
    public struct Migration: Sendable {
        public let version: Int
        /// The module whose tables it makes (`store`, `grid`, …).
        public let owner: String
        public let summary: String
        let apply: @Sendable (Connection) throws -> Void
    }

    /// Every owner's migrations on one version line (`PRAGMA user_version`). A module that needs tables of its
    /// own (the grid today; routing, alerts and inspections next) gets a `Schema-<module>.swift` file here, its
    /// SQL beside Store's, and its list joins this one; a new migration takes the next free version.
    public static let migrations: [Migration] = (store + grid + alerts + inspections).sorted { $0.version < $1.version }

    public static var latestVersion: Int { migrations.last?.version ?? 0 }

    static func createLayer(_ layer: LayerSchema, in db: Connection) throws {
        let columns = ["fid INTEGER PRIMARY KEY AUTOINCREMENT"] + layer.fields.map(\.columnSQL)
        try db.execute("CREATE TABLE \(layer.name) (\(columns.joined(separator: ", ")))")
        let added = try db.scalar("SELECT AddGeometryColumn(?, 'geom', 4326, ?, 'XY', ?)",
                                  [.text(layer.name), .text(layer.declaredType), .integer(layer.geometryOptional ? 0 : 1)])
        guard added.intValue == 1 else {
            throw SQLiteError(code: 1, message: "AddGeometryColumn failed for \(layer.name)", sql: nil)
        }
        _ = try db.scalar("SELECT CreateSpatialIndex(?, 'geom')", [.text(layer.name)])
    }

    public static func version(of db: Connection) throws -> Int {
        Int(try db.scalar("PRAGMA user_version").intValue ?? 0)
    }

    /// Applies every migration newer than the database; returns the versions applied.
    @discardableResult
    public static func migrate(_ db: Connection) throws -> [Int] {
        let current = try version(of: db)
        guard current <= latestVersion else {
            throw StoreError.schemaTooNew(found: current, supported: latestVersion)
        }
        var applied: [Int] = []
        for m in migrations where m.version > current {
            try db.transaction {
                try m.apply(db)
                try db.execute("PRAGMA user_version = \(m.version)")
            }
            applied.append(m.version)
        }
        return applied
    }
}
