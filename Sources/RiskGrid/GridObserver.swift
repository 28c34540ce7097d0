import RiskModel
import Foundation
import GeoKit
import Projection
import Store
import Synchronization

/// Keeps the stored grid in step with every write, inside the write's transaction: for a changed risk, site
/// or pipeline it subtracts the old feature's contributions and adds the new one's over just the cells they
/// reach, at every pyramid level, and rewrites only the chunks holding those cells. Items with a time window
/// (reports, temporary risks and sites) are not stored (`GridQuery` adds them for the instant asked), but their
/// changes are still reported, since they change the grid "now".
///
/// Until `riskmap grid rebuild` has built a grid (no `grid_meta` row) the observer does nothing, so bulk
/// loads into a new database pay nothing for it.
public struct GridObserver: WriteObserver {
    public let sink: GridChangeSink
    /// Above this many features a bulk insert rebuilds the grid instead of updating it feature by feature.
    public let bulkRebuildThreshold: Int
    private let projection = ProjectionCache()

    public init(sink: GridChangeSink = .ignore, bulkRebuildThreshold: Int = 2_000) {
        self.sink = sink
        self.bulkRebuildThreshold = bulkRebuildThreshold
    }

    public func didChange(layer: LayerSchema, before: Feature?, after: Feature?, in tx: WriteTransaction) throws {
        guard let meta = try GridStore.meta(tx.connection) else { return }
        if let extent = meta.extent, let box = after?.geometry?.bbox, !extent.contains(box) {
            throw Self.outside(layer, id: after?.id, box, extent)
        }
        guard GridItemLoader.layers.contains(where: { $0.name == layer.name }) else { return }
        var items: [(item: GridItem, sign: Int64)] = []
        var area = BBox.empty
        for (feature, sign) in [(before, Int64(-1)), (after, 1)] {
            guard let feature, let item = GridItem.of(feature, layer: layer.name, config: meta.config) else { continue }
            area.extend(Self.reach(of: item))
            if !GridItemLoader.isWindowed(feature, layer: layer) { items.append((item, sign)) }
        }
        guard !area.isEmpty else { return }
        var deltas: [CellKey: CellSums] = [:]
        if !items.isEmpty {
            var projected = items.map(\.item)
            try projection.project(&projected, to: meta.geometry.crs)
            let contributions = GridContributions(geometry: meta.geometry, config: meta.config)
            for (n, item) in projected.enumerated() {
                let sign = items[n].sign
                contributions.forEach(item) { i, j, c in
                    var d = deltas[CellKey(level: 0, i: i, j: j), default: .zero]
                    if sign > 0 { d += c } else { d -= c }
                    deltas[CellKey(level: 0, i: i, j: j)] = d
                }
            }
        }
        let chunks = try Self.apply(deltas.filter { !$0.value.isZero }, levels: meta.geometry.levels, tx.connection)
        sink.deliver(GridChange(chunks: chunks, area: area))
    }

    public func didBulkInsert(layer: LayerSchema, ids: ClosedRange<Int64>, in tx: WriteTransaction) throws {
        guard let meta = try GridStore.meta(tx.connection) else { return }
        if let extent = meta.extent, let id = try tx.connection.firstFeature(of: layer, ids: ids, outside: extent) {
            throw Self.outside(layer, id: id, try tx.feature(id, in: layer).geometry?.bbox ?? .empty, extent)
        }
        guard GridItemLoader.layers.contains(where: { $0.name == layer.name }) else { return }
        if ids.count > bulkRebuildThreshold {
            try GridBuilder(config: meta.config).rebuild(tx.connection, builtAt: tx.context.time, geometry: meta.geometry, breaks: meta.breaks)
            sink.deliver(GridChange(chunks: [], area: nil))
        } else {
            for id in ids { try didChange(layer: layer, before: nil, after: try tx.feature(id, in: layer), in: tx) }
        }
    }

    /// A feature beyond the city's extent: the grid (and every later rebuild and import) could not hold it.
    static func outside(_ layer: LayerSchema, id: Int64?, _ box: BBox, _ extent: BBox) -> StoreError {
        let which = id.map { "feature \($0) " } ?? ""
        return .invalidFeature(layer: layer.name, problems: [
            "the geometry of \(which)reaches \(GridError.text(box)), outside the city's extent \(GridError.text(extent)) "
                + "(grid.extent in the risk model, or the data's extent grown by \(GridBuilder.extentMarginDegrees)° at the last grid rebuild)"])
    }

    /// Adds base-cell deltas into the stored chunks of every level; returns the chunks rewritten.
    static func apply(_ base: [CellKey: CellSums], levels: Int, _ db: Connection) throws -> [ChunkKey] {
        guard !base.isEmpty else { return [] }
        var changed: [ChunkKey] = []
        var cells = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
        var deltas = base
        for level in 0..<levels {
            if level > 0 {
                var up: [CellKey: CellSums] = [:]
                for (key, d) in deltas { up[key.parent(at: level), default: .zero] += d }
                deltas = up
            }
            var byChunk: [ChunkKey: [(CellKey, CellSums)]] = [:]
            for (key, d) in deltas where !d.isZero { byChunk[key.chunk, default: []].append((key, d)) }
            for (chunk, list) in byChunk.sorted(by: { $0.key < $1.key }) {
                try GridStore.read(chunk, into: &cells, db)
                for (key, d) in list { cells[ChunkKey.index(i: key.i, j: key.j)] += d }
                try GridStore.write(chunk, cells: cells, db)
                changed.append(chunk)
            }
        }
        return changed
    }

    /// A lon/lat box holding every cell an item can change: its points grown by its radius and one cell's
    /// worth of slack (metres to degrees with a 10 % margin; the box only has to be large enough).
    static func reach(of item: GridItem) -> BBox {
        var box = BBox.empty
        for p in item.points { box.extend(p) }
        guard !box.isEmpty else { return box }
        let r: Double = if case .hazard(_, let radius) = item.kind { radius } else { 0 }
        let metres = (r + 1_500) * 1.1
        let dLat = metres / 111_000, dLon = metres / (111_000 * max(0.05, cos(box.center.y * .pi / 180)))
        return box.expanded(dx: dLon, dy: dLat)
    }
}

/// The observer's PROJ context. ProjContext is not Sendable (PROJ contexts are not thread-safe); writes are
/// serialised by the store's writer lock and this mutex, so the context is used by one thread at a time and
/// keeps its transformer between writes (building one reads proj.db, which would cost more than the update).
final class ProjectionCache: Sendable {
    private struct Owned: @unchecked Sendable {
        let context: ProjContext
    }

    private let owned = Mutex<Owned?>(nil)

    func project(_ items: inout [GridItem], to crs: CRS) throws {
        var local = items
        try withTransformer(to: crs) { try local.project(with: $0) }
        items = local
    }

    /// Grid-CRS points back to lon/lat.
    func lonLat(_ points: inout [Coordinate], from crs: CRS) throws {
        var local = points
        try withTransformer(to: crs) { try $0.transform(&local, direction: .inverse) }
        points = local
    }

    private func withTransformer(to crs: CRS, _ body: (Transformer) throws -> Void) throws {
        try owned.withLock { (owned: inout Owned?) throws in
            let o = owned ?? Owned(context: ProjContext())
            owned = o
            try body(try o.context.transformer(from: .wgs84, to: crs))
        }
    }
}
