import RiskModel
import GeoKit
import Projection
import Store

/// A feature as the grid sees it: a hazard (risk or report: level and impact radius at a point), a crowded site
/// (capacity × class factor at its point or centroid) or a pipeline (its line). Built from stored values by
/// one initializer, whether they come from a `Feature` (writes) or from columns (rebuild, overlay), so both
/// paths derive the same numbers.
public struct GridItem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case hazard(level: RiskLevel, radius: Double)
        /// Exposure in micro-units (capacity × factor × 1e6, rounded once).
        case site(exposureMicro: Int64)
        /// Index in `Catalog.pipelineKinds`.
        case pipeline(kind: Int)
    }

    public let layer: String
    public let id: Int64
    public let kind: Kind
    /// Lon/lat until `project` turns them into grid-CRS metres: one point, or a pipeline's vertices.
    public var points: [Coordinate]

    /// The grid item of a stored feature, or nil when the feature has no place on the grid (no geometry, an
    /// unknown level, a report whose status does not count, a layer the grid ignores).
    public static func of(_ f: Feature, layer: String, config: RiskModelConfig) -> GridItem? {
        guard let id = f.id, let g = f.geometry else { return nil }
        return make(layer: layer, id: id, geometry: g, config: config,
                    level: f["level"].textValue, radius: f["impact_radius_m"].doubleValue, capacity: f["capacity"].intValue,
                    protection: f["protection_class"].textValue, kind: f["kind"].textValue, status: f["status"].textValue)
    }

    static func make(layer: String, id: Int64, geometry g: Geometry, config: RiskModelConfig, level: String?, radius: Double?,
                     capacity: Int64?, protection: String?, kind: String?, status: String?) -> GridItem? {
        switch layer {
        case Catalog.risks.name, Catalog.reports.name:
            if layer == Catalog.reports.name, !config.countedReportStatuses.contains(status ?? "") { return nil }
            guard let level = level.flatMap(RiskLevel.init(rawValue:)), let p = representativePoint(g) else { return nil }
            return GridItem(layer: layer, id: id, kind: .hazard(level: level, radius: radius ?? config.defaultImpactRadiusM[level]), points: [p])
        case Catalog.sites.name:
            guard let p = representativePoint(g) else { return nil }
            let factor = protection.flatMap { config.protectionClassFactors[$0] } ?? config.unclassifiedSiteFactor
            let micro = Int64((Double(max(0, capacity ?? 0)) * factor * CellSums.micro).rounded())
            return GridItem(layer: layer, id: id, kind: .site(exposureMicro: micro), points: [p])
        case Catalog.pipelines.name:
            guard case .lineString(let line) = g, let k = kind.flatMap(Catalog.pipelineKinds.firstIndex(of:)) else { return nil }
            return GridItem(layer: layer, id: id, kind: .pipeline(kind: k), points: line)
        default:
            return nil
        }
    }

    /// The point that places a feature in one cell: a point itself, else the area centroid of the first
    /// polygon's outer ring (computed in lon/lat; the cell it falls in is what matters).
    static func representativePoint(_ g: Geometry) -> Coordinate? {
        switch g {
        case .point(let p): return p
        case .polygon(let rings): return rings.first.flatMap(centroid)
        case .multiPolygon(let polygons): return polygons.first?.first.flatMap(centroid)
        case .multiPoint(let ps): return ps.first
        case .lineString(let cs): return cs.first
        case .multiLineString(let ls): return ls.first?.first
        }
    }

    private static func centroid(_ ring: [Coordinate]) -> Coordinate? {
        guard let o = ring.first else { return nil }
        var a = 0.0, cx = 0.0, cy = 0.0
        for k in 0..<(ring.count - 1) {
            // Relative to the first vertex, so that lon/lat magnitudes do not eat the precision.
            let p = Coordinate(ring[k].x - o.x, ring[k].y - o.y), q = Coordinate(ring[k + 1].x - o.x, ring[k + 1].y - o.y)
            let cross = p.x * q.y - q.x * p.y
            a += cross
            cx += (p.x + q.x) * cross
            cy += (p.y + q.y) * cross
        }
        guard a != 0 else { return o }
        return Coordinate(o.x + cx / (3 * a), o.y + cy / (3 * a))
    }
}

extension Array where Element == GridItem {
    /// Projects every item's points to the grid CRS in one PROJ call.
    mutating func project(with t: Transformer) throws {
        var all: [Coordinate] = []
        all.reserveCapacity(reduce(0) { $0 + $1.points.count })
        for item in self { all.append(contentsOf: item.points) }
        try t.transform(&all)
        var k = 0
        for n in indices {
            let c = self[n].points.count
            self[n].points = [Coordinate](all[k..<(k + c)])
            k += c
        }
    }
}
