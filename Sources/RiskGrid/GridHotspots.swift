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

    /// The populated base cells whose class is one of `colours` at `at` (the register plus the temporary items
    /// whose windows hold it, as /grid and the tiles show them), in key order. One pass over the stored chunks:
    /// at suzhou scale there are millions of populated cells, and only the ones asked for are kept.
    public func baseCells(of colours: Set<RiskColour>, at: Int64) throws -> [Cell] {
        var overlaid = ChunkOverlay()
        if let city = try covered(BBox(minX: -180, minY: -85, maxX: 180, maxY: 85)) {
            try overlay(at: at, near: city) { key, c in overlaid.add(key, c) }
        }
        var out: [Cell] = []
        // Millions of cells: the model's numbers read once, the colours asked for as a table by rank, and a Cell
        // made only for a cell that is kept.
        let combined = meta.config.combined, breaks = meta.breaks
        let wanted = RiskColour.allCases.map(colours.contains)
        func keep(_ key: CellKey, _ sums: CellSums) {
            guard !sums.isZero else { return }
            let c = combined.value(hazard: sums.hazard, exposure: sums.exposure)
            guard let colour = CombinedIndex.colour(c, breaks: breaks), wanted[colour.rank] else { return }
            out.append(Cell(key: key, sums: sums, combined: c, colour: colour))
        }
        if let chunks = try connection.gridChunkRange(level: 0) {
            var chunk = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
            try GridStore.forEachChunk(level: 0, cx: chunks.cx, cy: chunks.cy, connection) { key, blob in
                try GridStore.decode(blob, into: &chunk)
                overlaid.take(key, into: &chunk)
                for (n, sums) in chunk.enumerated() where !sums.isZero { keep(key.cell(index: n), sums) }
            }
        }
        for (key, cells) in overlaid.remaining {
            for (n, sums) in cells.enumerated() { keep(key.cell(index: n), sums) }
        }
        return out.sorted { $0.key < $1.key }
    }

    /// The `limit` hottest clusters of red base cells at `at` (the register plus the temporary items whose
    /// windows hold it, as /grid and the tiles show them), those whose peak lies in `area` when one is given.
    /// Red is the grid's red class (`GridMeta.breaks`).
    public func hotspots(limit: Int, within area: Geometry? = nil, at: Int64) throws -> [GridHotspot] {
        let red = try baseCells(of: [.red], at: at)
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
