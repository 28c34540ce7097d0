/// Versioned schema migrations. `PRAGMA user_version` holds the number of migrations applied; each
/// migration runs in the same transaction as the version bump, so a database is never half-migrated.
public enum Schema {
    public struct Migration: Sendable {
        public let version: Int
        public let summary: String
        let apply: @Sendable (Connection) throws -> Void
    }

    public static let migrations: [Migration] = [
        Migration(version: 1, summary: "spatial metadata, every layer with its geometry and spatial index, audit") { db in
            // Without its own transaction argument, InitSpatialMetaData runs inside ours (and is fast there).
            _ = try db.scalar("SELECT InitSpatialMetaData()")
            for layer in Catalog.layers { try createLayer(layer, in: db) }
            try db.execute("""
                CREATE INDEX risks_source ON risks(source_id);
                CREATE INDEX risk_sources_credit ON risk_sources(credit_code);
                CREATE INDEX reports_window ON reports(valid_from, valid_to);
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL CHECK (action IN ('insert','update','delete','import')),
                    layer TEXT NOT NULL,
                    feature_id INTEGER,
                    before TEXT,
                    after TEXT,
                    note TEXT
                );
                CREATE INDEX audit_feature ON audit(layer, feature_id);
                """)
        },
        Migration(version: 2, summary: "API tokens, stored as SHA-256 hashes") { db in
            try db.execute("""
                CREATE TABLE tokens (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('viewer','planner','responder','enterprise','editor','admin')),
                    hash TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                );
                """)
        },
        Migration(version: 3, summary: "risk grid: cell chunks of the pyramid, grid parameters, indexes for time windows and radii") { db in
            // Cells are stored 32 × 32 to a row (RiskModel/GridChunkCodec), so a rebuild writes about a thousand rows
            // and an edit rewrites a few; WITHOUT ROWID keeps each chunk in its key's B-tree leaf.
            try db.execute("""
                CREATE TABLE grid_chunks (
                    level INTEGER NOT NULL,
                    cx INTEGER NOT NULL,
                    cy INTEGER NOT NULL,
                    cells BLOB NOT NULL,
                    PRIMARY KEY (level, cx, cy)
                ) WITHOUT ROWID;
                CREATE TABLE grid_meta (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    crs TEXT NOT NULL,
                    cell_size_m REAL NOT NULL,
                    levels INTEGER NOT NULL,
                    config TEXT NOT NULL,
                    built_at TEXT NOT NULL
                );
                CREATE INDEX risks_impact_radius ON risks(impact_radius_m);
                CREATE INDEX risks_window ON risks(valid_from, valid_to);
                CREATE INDEX sites_window ON sites(valid_from, valid_to);
                """)
        },
        Migration(version: 4, summary: "the risk sources an enterprise token may report for") { db in
            try db.execute("""
                CREATE TABLE token_sources (
                    token_id INTEGER NOT NULL REFERENCES tokens(id),
                    source_id INTEGER NOT NULL REFERENCES risk_sources(fid) ON DELETE CASCADE,
                    PRIMARY KEY (token_id, source_id)
                ) WITHOUT ROWID;
                """)
        },
        Migration(version: 5, summary: "the extent of the city the grid accepts features in") { db in
            try db.execute("ALTER TABLE grid_meta ADD COLUMN extent TEXT")
        },
    ]

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
