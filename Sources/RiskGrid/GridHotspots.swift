import GeoKit
import RiskModel
import Store

/// A place where the worst risk is: a cluster of red base cells that touch (sides or corners), ranked by the
/// hottest cell in it, then by its size. What a command centre's "hot spots" panel lists.
public struct GridHotspot: Sendable {
    /// The hottest cell of the cluster.
    public let peak: GridQuery.Cell
    /// The cluster's red cells.
    public let cells: Int
    /// The cluster's extent and the peak cell's centre, in lon/lat.
    public let bbox: BBox
    public let centre: Coordinate
    /// Why the peak cell is hot: its risks, reports, sites and pipelines with their contributions.
    public let explanation: GridExplanation
}

extension GridQuery {
    /// The most this may be asked to list.
    public static let maxHotspots = 100

    /// The `limit` hottest clusters of red base cells at `at` (the register plus the temporary items whose
    /// windows hold it, as /grid and the tiles show them), those whose peak lies in `area` when one is given.
    /// Red is the grid's red class (`GridMeta.breaks`).
    public func hotspots(limit: Int, within area: Geometry? = nil, at: Int64) throws -> [GridHotspot] {
        var sums: [CellKey: CellSums] = [:]
        for c in try storedCells(level: 0) { sums[c.key] = c.sums }
        if let city = try covered(BBox(minX: -180, minY: -85, maxX: 180, maxY: 85)) {
            try overlay(at: at, near: city) { key, c in sums[key, default: .zero] += c }
        }
        let red = sums.map { cell($0.key, $0.value) }.filter { $0.colour == .red }.sorted { $0.key < $1.key }
        let byKey = Dictionary(uniqueKeysWithValues: red.map { ($0.key, $0) })
        var seen = Set<CellKey>()
        var clusters: [(peak: Cell, keys: [CellKey])] = []
        for start in red where !seen.contains(start.key) {
            // Flood fill over the 8 neighbours.
            var stack = [start.key], keys: [CellKey] = [], peak = start
            seen.insert(start.key)
            while let k = stack.popLast() {
                keys.append(k)
                if let c = byKey[k], (c.combined, peak.key) > (peak.combined, c.key) { peak = c }
                for di in -1...1 {
                    for dj in -1...1 where di != 0 || dj != 0 {
                        let n = CellKey(level: 0, i: k.i + di, j: k.j + dj)
                        if byKey[n] != nil, seen.insert(n).inserted { stack.append(n) }
                    }
                }
            }
            clusters.append((peak, keys))
        }
        clusters.sort { a, b in (a.peak.combined, a.keys.count, b.peak.key) > (b.peak.combined, b.keys.count, a.peak.key) }
        var out: [GridHotspot] = []
        for cluster in clusters where out.count < limit {
            let corners = try self.corners(of: cluster.keys)
            let peakCorners = try self.corners(of: [cluster.peak.key])
            let centre = Coordinate((peakCorners[0].x + peakCorners[2].x) / 2, (peakCorners[0].y + peakCorners[2].y) / 2)
            if let area, !Self.contains(area, centre) { continue }
            var box = BBox.empty
            for c in corners { box.extend(c) }
            out.append(GridHotspot(peak: cluster.peak, cells: cluster.keys.count, bbox: box, centre: centre,
                                   explanation: try explain(lon: centre.x, lat: centre.y, at: at)))
        }
        return out
    }
}
