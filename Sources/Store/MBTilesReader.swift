import Synchronization

/// An MBTiles file read by the server (an operator's basemap): its metadata and its tiles by XYZ address (stored
/// in TMS rows, as the format wants). One read-only connection behind a lock: a tile is one indexed lookup.
public final class MBTilesReader: Sendable {
    /// `png`, `jpg`, `webp` or `pbf`, from the metadata.
    public let format: String
    public let metadata: [String: String]
    private struct Owned: @unchecked Sendable { let db: Connection }
    private let owned: Mutex<Owned>

    public init(path: String) throws {
        let db = try Connection(path: path, mode: .readOnly)
        var metadata: [String: String] = [:]
        do {
            let s = try db.prepare("SELECT name, value FROM metadata")
            while try s.step() { metadata[s.text(0) ?? ""] = s.text(1) ?? "" }
            _ = try db.prepare("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")
        } catch {
            throw StoreError.invalidFeature(layer: "basemap", problems: ["\(path) is not an MBTiles file (no metadata and tiles tables)"])
        }
        self.metadata = metadata
        format = metadata["format"] ?? ""
        owned = Mutex(Owned(db: db))
    }

    /// The tile's bytes, or nil when the file has none there.
    public func tile(z: Int, x: Int, y: Int) throws -> [UInt8]? {
        guard (0...30).contains(z), x >= 0, y >= 0, x < 1 << z, y < 1 << z else { return nil }
        return try owned.withLock { o in
            let s = try o.db.cached("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")
            try s.bind([.integer(Int64(z)), .integer(Int64(x)), .integer(Int64((1 << z) - 1 - y))])
            defer { s.reset() }
            guard try s.step() else { return nil }
            return s.withBlob(0) { Array($0) }
        }
    }
}
