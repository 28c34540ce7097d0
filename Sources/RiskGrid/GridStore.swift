import RiskModel
import Foundation
import GeoKit
import Synchronization
import Projection
import Store

/// What a built grid was built with: its geometry and the risk model. The database holds them, so every
/// writer and reader of the grid uses the parameters the cells were computed with.
public struct GridMeta: Sendable, Equatable {
    public let geometry: GridGeometry
    public let config: RiskModelConfig
    public let builtAt: String
    /// Where features may lie (configured, or derived at the rebuild); nil for grids built before extents.
    public var extent: BBox? = nil
}

/// The grid's tables (Schema migration 3): `grid_meta` (one row) and `grid_chunks` (one BLOB per 32 × 32
/// cells of a level, GridChunkCodec).
public enum GridStore {
    /// The built grid's parameters, or nil when no grid has been built.
    public static func meta(_ db: Connection) throws -> GridMeta? {
        let s = try db.cached("SELECT crs, cell_size_m, levels, config, built_at, extent FROM grid_meta WHERE id = 1")
        guard try s.step() else { return nil }
        let crs = s.text(0) ?? "", size = s.double(1), levels = Int(s.int64(2)), json = s.text(3) ?? "", built = s.text(4) ?? ""
        let e = (s.text(5) ?? "").split(separator: ",").compactMap { Double($0) }
        s.reset()
        let config = try ConfigCache.shared.config(json)
        return GridMeta(geometry: GridGeometry(crs: CRS(crs), cellSize: size, levels: levels), config: config, builtAt: built,
                        extent: e.count == 4 ? BBox(minX: e[0], minY: e[1], maxX: e[2], maxY: e[3]) : nil)
    }

    static func writeMeta(_ meta: GridMeta, _ db: Connection) throws {
        let extent: Value = meta.extent.map { .text("\($0.minX),\($0.minY),\($0.maxX),\($0.maxY)") } ?? .null
        try db.cached("INSERT OR REPLACE INTO grid_meta (id, crs, cell_size_m, levels, config, built_at, extent) VALUES (1, ?, ?, ?, ?, ?, ?)")
            .run([.text(meta.geometry.crs.definition), .real(meta.geometry.cellSize), .integer(Int64(meta.geometry.levels)),
                  .text(meta.config.json), .text(meta.builtAt), extent])
    }

    /// The first feature among `ids` of `layer` whose geometry reaches outside `extent`, if any (for bulk
    /// inserts, whose spatial index may not be built yet: read from the geometries).
    static func firstOutside(_ extent: BBox, layer: LayerSchema, ids: ClosedRange<Int64>, _ db: Connection) throws -> Int64? {
        let s = try db.cached("""
            SELECT fid FROM \(layer.name) WHERE fid BETWEEN ? AND ? AND geom IS NOT NULL
              AND (MbrMinX(geom) < ? OR MbrMinY(geom) < ? OR MbrMaxX(geom) > ? OR MbrMaxY(geom) > ?) ORDER BY fid LIMIT 1
            """)
        try s.bind([.integer(ids.lowerBound), .integer(ids.upperBound), .real(extent.minX), .real(extent.minY), .real(extent.maxX), .real(extent.maxY)])
        defer { s.reset() }
        return try s.step() ? s.int64(0) : nil
    }

    static func clearChunks(_ db: Connection) throws {
        try db.execute("DELETE FROM grid_chunks")
    }

    /// Decodes a stored chunk into `cells` (zeroed first); false when the chunk has no row (all cells empty).
    @discardableResult
    static func read(_ key: ChunkKey, into cells: inout [CellSums], _ db: Connection) throws -> Bool {
        for n in cells.indices { cells[n] = .zero }
        let s = try db.cached("SELECT cells FROM grid_chunks WHERE level = ? AND cx = ? AND cy = ?")
        try s.bind([.integer(Int64(key.level)), .integer(Int64(key.cx)), .integer(Int64(key.cy))])
        defer { s.reset() }
        guard try s.step() else { return false }
        try s.withBlob(0) { blob in
            try cells.withUnsafeMutableBufferPointer { try GridChunkCodec.decode(blob, into: $0) }
        }
        return true
    }

    /// Stores a chunk's dense cells, or deletes its row when every cell is empty.
    static func write(_ key: ChunkKey, cells: [CellSums], _ db: Connection) throws {
        let k: [Value] = [.integer(Int64(key.level)), .integer(Int64(key.cx)), .integer(Int64(key.cy))]
        if let blob = cells.withUnsafeBufferPointer({ GridChunkCodec.encode($0) }) {
            let s = try db.cached("INSERT OR REPLACE INTO grid_chunks (level, cx, cy, cells) VALUES (?, ?, ?, ?)")
            try s.bind(k)
            try s.bind(blob: blob, at: 4)
            while try s.step() {}
        } else {
            try db.cached("DELETE FROM grid_chunks WHERE level = ? AND cx = ? AND cy = ?").run(k)
        }
    }

    /// The chunk ranges `level`'s stored chunks span; nil when it has none.
    static func chunkExtent(level: Int, _ db: Connection) throws -> (cx: ClosedRange<Int>, cy: ClosedRange<Int>)? {
        let s = try db.cached("SELECT min(cx), max(cx), min(cy), max(cy) FROM grid_chunks WHERE level = ?")
        try s.bind([.integer(Int64(level))])
        defer { s.reset() }
        guard try s.step(), !s.isNull(0) else { return nil }
        return (Int(s.int64(0))...Int(s.int64(1)), Int(s.int64(2))...Int(s.int64(3)))
    }

    /// Calls `body` with every stored chunk of `level` within the chunk ranges, in key order.
    static func forEachChunk(level: Int, cx: ClosedRange<Int>, cy: ClosedRange<Int>, _ db: Connection,
                             _ body: (ChunkKey, UnsafeRawBufferPointer) throws -> Void) throws {
        let s = try db.cached("SELECT cx, cy, cells FROM grid_chunks WHERE level = ? AND cx BETWEEN ? AND ? AND cy BETWEEN ? AND ?")
        try s.bind([.integer(Int64(level)), .integer(Int64(cx.lowerBound)), .integer(Int64(cx.upperBound)),
                    .integer(Int64(cy.lowerBound)), .integer(Int64(cy.upperBound))])
        defer { s.reset() }
        while try s.step() {
            let key = ChunkKey(level: level, cx: Int(s.int64(0)), cy: Int(s.int64(1)))
            try s.withBlob(2) { try body(key, $0) }
        }
    }
}

/// The decoded configuration of the last `grid_meta` row seen: every write reads the row, and decoding its
/// JSON each time would cost more than the cell update itself.
final class ConfigCache: Sendable {
    static let shared = ConfigCache()
    private let last = Mutex<(json: String, config: RiskModelConfig)?>(nil)

    func config(_ json: String) throws -> RiskModelConfig {
        if let hit = last.withLock({ $0?.json == json ? $0?.config : nil }) { return hit }
        let config = try RiskModelConfig.decode(Data(json.utf8), source: "grid_meta.config")
        last.withLock { $0 = (json, config) }
        return config
    }
}
