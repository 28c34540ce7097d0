import RiskModel
import GeoKit

/// What one projected item adds to each base cell. Every path that changes or explains cells (rebuild,
/// incremental update, time overlay, explain) calls this, and each contribution is rounded to integers here,
/// once, so sums over any order and any split of the work are equal to the bit.
public struct GridContributions: Sendable {
    public let geometry: GridGeometry
    public let config: RiskModelConfig

    public init(geometry: GridGeometry, config: RiskModelConfig) {
        self.geometry = geometry
        self.config = config
    }

    /// Calls `emit(i, j, contribution)` for each base cell the item reaches (a cell may be emitted more than
    /// once; the contributions add).
    @inlinable
    public func forEach(_ item: GridItem, _ emit: (Int, Int, CellSums) -> Void) {
        switch item.kind {
        case .hazard(let level, let radius):
            hazard(at: item.points[0], level: level, radius: radius, emit)
        case .site(let micro):
            let (i, j) = geometry.cell(x: item.points[0].x, y: item.points[0].y)
            var c = CellSums.zero
            c.sums[CellSums.exposureLane] = micro
            c.sums[CellSums.sitesLane] = 1
            emit(i, j, c)
        case .pipeline(let kind):
            pipeline(item.points, lane: CellSums.pipelineLane + kind, emit)
        }
    }

    /// H: weight · k(d / r) at every cell whose centre lies strictly inside the impact circle (d from the cell
    /// centre to the risk); the risk is also counted as located in the cell that holds it.
    @usableFromInline
    func hazard(at p: Coordinate, level: RiskLevel, radius r: Double, _ emit: (Int, Int, CellSums) -> Void) {
        let (hi, hj) = geometry.cell(x: p.x, y: p.y)
        var located = CellSums.zero
        located.counts[level.rank] = 1
        emit(hi, hj, located)
        guard r > 0 else { return }
        let w = config.levelWeights[level], kernel = config.kernel, s = geometry.cellSize
        let i0 = Int(((p.x - r) / s).rounded(.down)), i1 = Int(((p.x + r) / s).rounded(.down))
        let j0 = Int(((p.y - r) / s).rounded(.down)), j1 = Int(((p.y + r) / s).rounded(.down))
        var c = CellSums.zero
        c.counts[4 + level.rank] = 1
        for j in j0...j1 {
            for i in i0...i1 {
                let (cx, cy) = geometry.centre(i: i, j: j)
                let dx = cx - p.x, dy = cy - p.y
                let d = (dx * dx + dy * dy).squareRoot()
                guard d < r else { continue }
                c.sums[0] = Int64((w * kernel.value(d / r) * CellSums.micro).rounded())
                emit(i, j, c)
            }
        }
    }

    /// Pipeline length per cell: each segment is cut where it crosses cell edges, each piece goes to the cell
    /// holding its midpoint, and one pipeline's length in a cell is rounded to millimetres once.
    @usableFromInline
    func pipeline(_ line: [Coordinate], lane: Int, _ emit: (Int, Int, CellSums) -> Void) {
        guard line.count >= 2 else { return }
        let s = geometry.cellSize
        var lengths: [CellKey: Double] = [:]
        var ts: [Double] = []
        for k in 0..<(line.count - 1) {
            let a = line[k], b = line[k + 1]
            let dx = b.x - a.x, dy = b.y - a.y
            let length = (dx * dx + dy * dy).squareRoot()
            guard length > 0 else { continue }
            ts.removeAll(keepingCapacity: true)
            ts.append(0)
            ts.append(1)
            if dx != 0 {
                for e in stride(from: Int((min(a.x, b.x) / s).rounded(.up)), through: Int((max(a.x, b.x) / s).rounded(.down)), by: 1) {
                    let t = (Double(e) * s - a.x) / dx
                    if t > 0, t < 1 { ts.append(t) }
                }
            }
            if dy != 0 {
                for e in stride(from: Int((min(a.y, b.y) / s).rounded(.up)), through: Int((max(a.y, b.y) / s).rounded(.down)), by: 1) {
                    let t = (Double(e) * s - a.y) / dy
                    if t > 0, t < 1 { ts.append(t) }
                }
            }
            ts.sort()
            for n in 0..<(ts.count - 1) where ts[n + 1] > ts[n] {
                let m = (ts[n] + ts[n + 1]) / 2
                let (i, j) = geometry.cell(x: a.x + m * dx, y: a.y + m * dy)
                lengths[CellKey(level: 0, i: i, j: j), default: 0] += (ts[n + 1] - ts[n]) * length
            }
        }
        var c = CellSums.zero
        for (key, metres) in lengths {
            c.sums[lane] = Int64((metres * 1000).rounded())
            emit(key.i, key.j, c)
        }
    }
}
