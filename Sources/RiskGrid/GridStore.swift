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
    /// The lowest index of each colour class, fixed at the rebuild (the configured thresholds in absolute mode,
    /// and for grids built before breaks were stored); edits keep them until the next rebuild.
    public var breaks: PerColour<Double>

    public init(geometry: GridGeometry, config: RiskModelConfig, builtAt: String, extent: BBox? = nil, breaks: PerColour<Double>? = nil) {
        self.geometry = geometry
        self.config = config
        self.builtAt = builtAt
        self.extent = extent
        self.breaks = breaks ?? config.combined.thresholds
    }

    /// The colour class of combined index `c` under the grid's breaks.
    public func colour(_ c: Double) -> RiskColour? { CombinedIndex.colour(c, breaks: breaks) }
}

/// The grid as stored: its parameters and its cells, 32 × 32 to a chunk (GridChunkCodec), through the
/// store's grid tables (`Connection.gridMeta` and the chunk calls).
public enum GridStore {
    /// The built grid's parameters, or nil when no grid has been built.
    public static func meta(_ db: Connection) throws -> GridMeta? {
        guard let row = try db.gridMeta() else { return nil }
        return GridMeta(geometry: GridGeometry(crs: CRS(row.crs), cellSize: row.cellSize, levels: row.levels),
                        config: try ConfigCache.shared.config(row.config), builtAt: row.builtAt, extent: row.extent,
                        breaks: row.breaks.map { PerColour(red: $0[0], orange: $0[1], yellow: $0[2], blue: $0[3]) })
    }

    static func writeMeta(_ meta: GridMeta, _ db: Connection) throws {
        try db.writeGridMeta(GridMetaRow(crs: meta.geometry.crs.definition, cellSize: meta.geometry.cellSize, levels: meta.geometry.levels,
                                         config: meta.config.json, builtAt: meta.builtAt, extent: meta.extent,
                                         breaks: [meta.breaks.red, meta.breaks.orange, meta.breaks.yellow, meta.breaks.blue]))
    }

    /// Decodes a stored chunk into `cells` (zeroed first); false when the chunk has no row (all cells empty).
    @discardableResult
    static func read(_ key: ChunkKey, into cells: inout [CellSums], _ db: Connection) throws -> Bool {
        for n in cells.indices { cells[n] = .zero }
        return try db.withGridChunk(level: key.level, cx: key.cx, cy: key.cy) { blob in
            try cells.withUnsafeMutableBufferPointer { try GridChunkCodec.decode(blob, into: $0) }
        }
    }

    /// Decodes a chunk's bytes into `cells`, zeroed first.
    static func decode(_ blob: UnsafeRawBufferPointer, into cells: inout [CellSums]) throws {
        for n in cells.indices { cells[n] = .zero }
        try cells.withUnsafeMutableBufferPointer { try GridChunkCodec.decode(blob, into: $0) }
    }

    /// Stores a chunk's dense cells, or deletes its row when every cell is empty.
    static func write(_ key: ChunkKey, cells: [CellSums], _ db: Connection) throws {
        try db.writeGridChunk(level: key.level, cx: key.cx, cy: key.cy, cells.withUnsafeBufferPointer { GridChunkCodec.encode($0) })
    }

    /// Calls `body` with every stored chunk of `level` within the chunk ranges, in key order.
    static func forEachChunk(level: Int, cx: ClosedRange<Int>, cy: ClosedRange<Int>, _ db: Connection,
                             _ body: (ChunkKey, UnsafeRawBufferPointer) throws -> Void) throws {
        try db.forEachGridChunk(level: level, cx: cx, cy: cy) { x, y, blob in try body(ChunkKey(level: level, cx: x, cy: y), blob) }
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
