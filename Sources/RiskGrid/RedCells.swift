import RiskModel
import GeoKit
import Store

/// The base cells one feature turns red: red with the feature, not red without it, at an instant (the stored
/// grid plus the time-windowed items whose window holds it). The alert rule `red_cells` asks this inside a
/// write's transaction, in the derive phase — before `GridObserver` (index phase) has applied the write — so
/// the stored grid still holds the state before the write, and the feature as it was before (`before`, when the
/// stored grid counts it) is taken out of it.
public final class RedCells: Sendable {
    public struct Cell: Sendable, Equatable {
        public let key: CellKey
        /// The cell's centre in lon/lat.
        public let centre: Coordinate
        /// The combined index C with the feature and without it.
        public let with: Double
        public let without: Double
        /// The class without the feature (nil: an empty cell).
        public let was: RiskColour?
    }

    private let projection = ProjectionCache()

    public init() {}

    /// The cells `after` turns red at `instant` (a stored timestamp), nearest its first point first; none when
    /// no grid is built or the feature has no place on it.
    public func turnedRed(by after: Feature, before: Feature?, layer: LayerSchema, at instant: String, _ db: Connection) throws -> [Cell] {
        guard let meta = try GridStore.meta(db), let item = GridItem.of(after, layer: layer.name, config: meta.config) else { return [] }
        let reach = GridObserver.reach(of: item)
        var removed: [GridItem] = []
        if let before, !GridItemLoader.isWindowed(before, layer: layer), let b = GridItem.of(before, layer: layer.name, config: meta.config) {
            removed.append(b)
        }
        var overlay: [GridItem] = []
        for l in GridItemLoader.layers {
            for w in try GridItemLoader.rows(l, .activeWindowed(at: instant), config: meta.config, near: reach, db)
            where !(w.item.layer == layer.name && w.item.id == item.id) {
                overlay.append(w.item)
            }
        }
        var all = [item] + removed + overlay
        try projection.project(&all, to: meta.geometry.crs)
        let contributions = GridContributions(geometry: meta.geometry, config: meta.config)
        var own: [CellKey: CellSums] = [:]
        contributions.forEach(all[0]) { i, j, c in own[CellKey(level: 0, i: i, j: j), default: .zero] += c }
        var without = try stored(Set(own.keys), db)
        for (n, other) in all.enumerated().dropFirst() {
            contributions.forEach(other) { i, j, c in
                let key = CellKey(level: 0, i: i, j: j)
                guard own[key] != nil else { return }
                if n <= removed.count { without[key, default: .zero] -= c } else { without[key, default: .zero] += c }
            }
        }
        var turned: [(key: CellKey, with: Double, without: Double, was: RiskColour?)] = []
        for (key, c) in own {
            let base = without[key] ?? .zero
            let before = meta.config.combined.value(hazard: base.hazard, exposure: base.exposure)
            let with = base + c
            let now = meta.config.combined.value(hazard: with.hazard, exposure: with.exposure)
            if meta.colour(now) == .red, meta.colour(before) != .red { turned.append((key, now, before, meta.colour(before))) }
        }
        let origin = all[0].points[0]
        turned.sort { a, b in
            func d(_ k: CellKey) -> Double {
                let x = (Double(k.i) + 0.5) * meta.geometry.cellSize - origin.x, y = (Double(k.j) + 0.5) * meta.geometry.cellSize - origin.y
                return x * x + y * y
            }
            return (d(a.key), a.key) < (d(b.key), b.key)
        }
        var centres = turned.map { Coordinate((Double($0.key.i) + 0.5) * meta.geometry.cellSize, (Double($0.key.j) + 0.5) * meta.geometry.cellSize) }
        try projection.lonLat(&centres, from: meta.geometry.crs)
        return turned.indices.map { n in
            Cell(key: turned[n].key, centre: centres[n], with: turned[n].with, without: turned[n].without, was: turned[n].was)
        }
    }

    /// The stored sums of base cells.
    private func stored(_ keys: Set<CellKey>, _ db: Connection) throws -> [CellKey: CellSums] {
        var out: [CellKey: CellSums] = [:]
        var cells = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
        for (chunk, members) in Dictionary(grouping: keys, by: \.chunk) {
            guard try GridStore.read(chunk, into: &cells, db) else { continue }
            for key in members { out[key] = cells[ChunkKey.index(i: key.i, j: key.j)] }
        }
        return out
    }
}
