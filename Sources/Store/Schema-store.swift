/// Store's own migrations: the layers of the one map, the audit log, API tokens and what an enterprise token may
/// report for, and the codes a bureau added to the catalogue's vocabularies. (Part of `Schema.migrations`; see
/// Schema.swift for how owners share the version line.)
extension Schema {
    static let store: [Migration] = [
        Migration(version: 1, owner: "store", summary: "spatial metadata, every layer with its geometry and spatial index, audit") { db in
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
        Migration(version: 2, owner: "store", summary: "API tokens, stored as SHA-256 hashes") { db in
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
        Migration(version: 4, owner: "store", summary: "the risk sources an enterprise token may report for") { db in
            try db.execute("""
                CREATE TABLE token_sources (
                    token_id INTEGER NOT NULL REFERENCES tokens(id),
                    source_id INTEGER NOT NULL REFERENCES risk_sources(fid) ON DELETE CASCADE,
                    PRIMARY KEY (token_id, source_id)
                ) WITHOUT ROWID;
                """)
        },
        Migration(version: 9, owner: "store", summary: "the areas an editor token is limited to (by area code)") { db in
            try db.execute("""
                CREATE TABLE token_areas (
                    token_id INTEGER NOT NULL REFERENCES tokens(id),
                    area_code TEXT NOT NULL,
                    PRIMARY KEY (token_id, area_code)
                ) WITHOUT ROWID;
                """)
        },
        Migration(version: 11, owner: "store", summary: "vocabulary_extensions: the codes a bureau added to a coded field, with labels") { db in
            try db.execute("""
                CREATE TABLE vocabulary_extensions (
                    layer TEXT NOT NULL,
                    field TEXT NOT NULL,
                    code TEXT NOT NULL,
                    label_zh TEXT NOT NULL,
                    label_en TEXT NOT NULL,
                    protection_class TEXT,
                    added_at TEXT NOT NULL,
                    added_by TEXT NOT NULL,
                    PRIMARY KEY (layer, field, code)
                ) WITHOUT ROWID;
                """)
        },
    ]
}
