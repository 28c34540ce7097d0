/// A faster path for loading many features into a layer.
extension WriteTransaction {
    /// Runs `body`, a bulk load into `layer`, with SpatiaLite's three per-row insert triggers on the layer's
    /// geometry suspended, then indexes every row it inserted with one statement and restores the triggers —
    /// all inside this transaction, so a failure or a crash leaves the schema as it was.
    ///
    /// Why: those triggers are half the cost of an import (docs/PERFORMANCE.md): one updates
    /// `geometry_columns_time` with a formatted timestamp per row, one checks geometry type and SRID (which the
    /// validator and the blob writer already guarantee for rows written through this transaction), and one inserts
    /// each row's box into the R*Tree. Rows inserted in `body` are in the R*Tree only when it returns, so `body` must
    /// not run spatial queries on `layer`'s new rows; updates and deletes keep their own triggers.
    public func deferringSpatialIndex<T>(of layer: LayerSchema, _ body: () throws -> T) throws -> T {
        let names = ["ggi", "tmi", "gii"].map { "\($0)_\(layer.name)_geom" }
        var saved: [String] = []
        let s = try connection.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name = ?")
        for name in names {
            try s.bind([.text(layer.name), .text(name)])
            if try s.step(), let sql = s.text(0) { saved.append(sql) }
            s.reset()
        }
        // Without all three the schema is not the one riskmap made; load row by row as usual.
        guard saved.count == names.count else { return try body() }
        let before = try connection.scalar("SELECT coalesce(max(fid), 0) FROM \(layer.name)").intValue ?? 0
        for name in names { try connection.execute("DROP TRIGGER \"\(name)\"") }
        let result: T
        do {
            result = try body()
        } catch {
            // The caller's transaction normally rolls all of this back; restore anyway in case it goes on.
            for sql in saved { try? connection.execute(sql) }
            throw error
        }
        // SQLite's R*Tree rounds a box's minima down and maxima up to 32-bit floats on insert, as SpatiaLite's
        // RTreeAlign does; RTreeAlign itself prepares a statement per call, which one INSERT … SELECT avoids.
        try connection.cached("""
            INSERT INTO idx_\(layer.name)_geom (pkid, xmin, xmax, ymin, ymax)
            SELECT fid, MbrMinX(geom), MbrMaxX(geom), MbrMinY(geom), MbrMaxY(geom) FROM \(layer.name)
            WHERE fid > ? AND geom IS NOT NULL
            """).run([.integer(before)])
        if try connection.scalar("SELECT count(*) FROM \(layer.name) WHERE fid > ?", [.integer(before)]).intValue ?? 0 > 0 {
            try connection.cached("""
                UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                WHERE lower(f_table_name) = lower(?) AND lower(f_geometry_column) = 'geom'
                """).run([.text(layer.name)])
        }
        for sql in saved { try connection.execute(sql) }
        return result
    }
}
