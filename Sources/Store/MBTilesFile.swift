import Foundation

/// An MBTiles 1.3 file being written (`riskmap tiles seed --mbtiles`): a plain SQLite file with `metadata`
/// and `tiles`, filled in one transaction. Tiles are given in XYZ rows and stored in TMS rows, as the
/// format wants.
public final class MBTilesFile {
    private let db: Connection

    /// Creates the file anew (an older one and its journals are removed) with its metadata.
    public init(path: String, metadata: [(String, String)]) throws {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        db = try Connection(path: path, mode: .create)
        // Readers of MBTiles expect a plain rollback-journal file, one file on disk.
        try db.execute("PRAGMA journal_mode = DELETE")
        try db.execute("""
            CREATE TABLE metadata (name TEXT, value TEXT);
            CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
            CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
            BEGIN;
            """)
        for (k, v) in metadata { try db.cached("INSERT INTO metadata (name, value) VALUES (?, ?)").run([.text(k), .text(v)]) }
    }

    public func insert(z: Int, x: Int, y: Int, data: [UInt8]) throws {
        let s = try db.cached("INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)")
        try s.bind([.integer(Int64(z)), .integer(Int64(x)), .integer(Int64((1 << z) - 1 - y))])
        try s.bind(blob: data, at: 4)
        while try s.step() {}
    }

    /// Commits every tile written.
    public func finish() throws {
        try db.execute("COMMIT")
    }
}
