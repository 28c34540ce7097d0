import RiskModel
import Foundation
import GeoKit
import Store

/// Why a base cell is hot: every risk, report, site and pipeline behind its figures, each with what it adds.
/// The contributions come from the same code as the stored cells, so they sum to the cell's figures exactly.
public struct GridExplanation: Sendable {
    public struct Contribution: Sendable, Equatable {
        public let layer: String
        public let id: Int64
        /// What this feature adds to the cell (its hazard, exposure, counts or pipeline length).
        public let sums: CellSums
        /// For a hazard: its level, impact radius and distance from the cell centre in grid-CRS metres.
        public let level: RiskLevel?
        public let radius: Double?
        public let distance: Double?
    }

    public let cell: GridQuery.Cell
    /// The cell's corners in lon/lat (lower-left, lower-right, upper-right, upper-left).
    public let corners: [Coordinate]
    /// Largest contribution to H first, then sites by exposure, then pipelines.
    public let contributions: [Contribution]

    /// The sum of the contributions: equal to `cell.sums` (checked by the tests).
    public var total: CellSums { contributions.reduce(.zero) { var t = $0; t += $1.sums; return t } }
}

extension GridQuery {
    /// The base cell holding (lon, lat) at instant `at` and the features behind it.
    public func explain(lon: Double, lat: Double, at: Int64) throws -> GridExplanation {
        let cell = try self.cell(lon: lon, lat: lat, level: 0, at: at)
        let cellBox = try lonLatBox(of: cell.key)
        // Hazards reach from as far as the largest impact radius; sites and pipelines only from inside the cell.
        let reach = try largestRadius() + geometry.cellSize
        let dLat = reach / 110_000, dLon = reach / (110_000 * max(0.05, cos(lat * .pi / 180)))
        let hazardBox = cellBox.expanded(dx: dLon, dy: dLat)
        let instant = Timestamp.format(epochSeconds: at)
        var items: [GridItem] = []
        for layer in GridItemLoader.layers {
            let near = layer.name == Catalog.risks.name || layer.name == Catalog.reports.name ? hazardBox : cellBox
            items += try GridItemLoader.items(layer, .permanent, config: meta.config, near: near, connection)
            items += try GridItemLoader.items(layer, .activeWindowed(at: instant), config: meta.config, near: near, connection)
        }
        var projected = items
        try projected.project(with: toGrid)
        let contributions = GridContributions(geometry: geometry, config: meta.config)
        let (ci, cj) = (cell.key.i, cell.key.j)
        let centre = geometry.centre(i: ci, j: cj)
        var out: [GridExplanation.Contribution] = []
        for item in projected {
            var sum = CellSums.zero
            contributions.forEach(item) { i, j, c in if i == ci, j == cj { sum += c } }
            guard !sum.isZero else { continue }
            var level: RiskLevel?, radius: Double?, distance: Double?
            if case .hazard(let l, let r) = item.kind {
                level = l
                radius = r
                let p = item.points[0]
                distance = ((p.x - centre.x) * (p.x - centre.x) + (p.y - centre.y) * (p.y - centre.y)).squareRoot()
            }
            out.append(.init(layer: item.layer, id: item.id, sums: sum, level: level, radius: radius, distance: distance))
        }
        out.sort { a, b in
            (a.sums.sums[0], a.sums.sums[CellSums.exposureLane], b.layer, b.id) > (b.sums.sums[0], b.sums.sums[CellSums.exposureLane], a.layer, a.id)
        }
        return GridExplanation(cell: cell, corners: try corners(of: [cell.key]), contributions: out)
    }

    /// The largest impact radius any risk or report may have: its own (indexed column), else its level's default.
    func largestRadius() throws -> Double {
        var r = RiskLevel.allCases.map { meta.config.defaultImpactRadiusM[$0] }.max() ?? 0
        for layer in [Catalog.risks, Catalog.reports] { r = max(r, try connection.largest("impact_radius_m", of: layer) ?? 0) }
        return r
    }
}
