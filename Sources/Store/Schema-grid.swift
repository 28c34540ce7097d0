/// The risk grid's tables (RiskGrid gives them meaning through GridTables.swift): the chunks of the cell pyramid,
/// the grid's parameters and extent, and the indexes a rebuild's scans need.
extension Schema {
    static let grid: [Migration] = [
        Migration(version: 3, owner: "grid", summary: "risk grid: cell chunks of the pyramid, grid parameters, indexes for time windows and radii") { db in
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
        Migration(version: 5, owner: "grid", summary: "the extent of the city the grid accepts features in") { db in
            try db.execute("ALTER TABLE grid_meta ADD COLUMN extent TEXT")
        },
        // The class breaks a rebuild computed from the city's distribution (RiskModel/GridClasses): edits keep them,
        // so an edit never reclassifies the city. NULL for grids built before, which use the absolute thresholds.
        Migration(version: 6, owner: "grid", summary: "the colour-class breaks of the grid, fixed from one rebuild to the next") { db in
            try db.execute("ALTER TABLE grid_meta ADD COLUMN breaks TEXT")
        },
    ]
}
