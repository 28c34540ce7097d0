/// Faster paths for loading many features: SpatiaLite's per-row triggers are most of the cost of a bulk load
/// (docs/PERFORMANCE.md), so a load may suspend some of them inside its transaction and do their work once at the
/// end. A failure or a crash rolls the transaction back, triggers included, so the schema is never left without them.
extension WriteTransaction {
    /// Runs `body`, a bulk load into `layer`, with the layer's per-row geometry-check and R*Tree insert triggers
    /// suspended, then puts every row it inserted into the R*Tree with one statement and restores the triggers.
    ///
    /// The check (geometry type and SRID) is what the validator and the blob writer already guarantee for rows
    /// written through this transaction. Rows inserted in `body` are in the R*Tree only when it returns, so `body`
    /// must not run spatial queries on `layer`'s new rows; updates and deletes keep their own triggers.
    public func deferringSpatialIndex<T>(of layer: LayerSchema, _ body: () throws -> T) throws -> T {
        let before = try connection.scalar("SELECT coalesce(max(fid), 0) FROM \(layer.name)").intValue ?? 0
        let result = try suspending(["ggi", "gii"].map { "\($0)_\(layer.name)_geom" }, in: layer, body)
        // AUTOINCREMENT ids grow, so the rows `body` inserted are those above the old maximum. SQLite's R*Tree rounds
        // a box's minima down and maxima up to 32-bit floats on insert, as SpatiaLite's RTreeAlign does (which
        // prepares a statement per call; one INSERT … SELECT does not).
        try connection.cached("""
            INSERT INTO \(SpatialIndex.table(layer)) (pkid, xmin, xmax, ymin, ymax)
            SELECT fid, MbrMinX(geom), MbrMaxX(geom), MbrMinY(geom), MbrMaxY(geom) FROM \(layer.name)
            WHERE fid > ? AND geom IS NOT NULL
            """).run([.integer(before)])
        return result
    }

    /// Runs `body` with the triggers that stamp `geometry_columns_time` on every insert, update and delete of
    /// `layers` suspended (each formats a timestamp and updates a row, per feature), then stamps each layer once.
    /// The stamps only tell SpatiaLite's statistics they may be stale, so stamping all three is the safe side.
    public func suspendingChangeTimes<T>(of layers: [LayerSchema], _ body: () throws -> T) throws -> T {
        func nest(_ rest: ArraySlice<LayerSchema>) throws -> T {
            guard let layer = rest.first else { return try body() }
            return try suspending(["tmi", "tmu", "tmd"].map { "\($0)_\(layer.name)_geom" }, in: layer) { try nest(rest.dropFirst()) }
        }
        let result = try nest(layers[...])
        for layer in layers {
            try connection.cached("""
                UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                    last_update = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), last_delete = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                WHERE lower(f_table_name) = lower(?) AND lower(f_geometry_column) = 'geom'
                """).run([.text(layer.name)])
        }
        return result
    }

    /// Runs `body` with the connection's page cache raised to `mebibytes`, then puts the old size back. A bulk load
    /// dirties more pages than the default 2 MB cache holds: SQLite then spills them to the WAL in the middle of the
    /// transaction and reads them back, writing the same pages many times over (docs/PERFORMANCE.md). The cache
    /// grows only as pages are touched, and past its size SQLite spills as before, so memory stays bounded.
    public func withPageCache<T>(mebibytes: Int, _ body: () throws -> T) throws -> T {
        let before = try connection.scalar("PRAGMA cache_size").intValue ?? -2000
        try connection.execute("PRAGMA cache_size = -\(mebibytes * 1024)")
        defer { try? connection.execute("PRAGMA cache_size = \(before)") }
        return try body()
    }

    /// Runs `body` with the tables' CHECK constraints off, then on again. A bulk load writes only rows the validator
    /// has already checked against the same vocabularies and ranges, and SQLite evaluates a CHECK with an `IN` list
    /// by building a temporary b-tree for every row (docs/PERFORMANCE.md). NOT NULL, UNIQUE and foreign keys still hold.
    public func ignoringCheckConstraints<T>(_ body: () throws -> T) throws -> T {
        try connection.execute("PRAGMA ignore_check_constraints = ON")
        defer { try? connection.execute("PRAGMA ignore_check_constraints = OFF") }
        return try body()
    }

    /// Drops the named triggers of `layer`, runs `body`, and creates them again from their saved SQL.
    private func suspending<T>(_ names: [String], in layer: LayerSchema, _ body: () throws -> T) throws -> T {
        var saved: [String] = []
        let s = try connection.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name = ?")
        for name in names {
            try s.bind([.text(layer.name), .text(name)])
            if try s.step(), let sql = s.text(0) {
                saved.append(sql)
                s.reset()
                try connection.execute("DROP TRIGGER \"\(name)\"")
            } else {
                s.reset()
            }
        }
        let result: T
        do {
            result = try body()
        } catch {
            // The caller's transaction normally rolls all of this back; restore anyway in case it goes on.
            for sql in saved { try? connection.execute(sql) }
            throw error
        }
        for sql in saved { try connection.execute(sql) }
        return result
    }
}
