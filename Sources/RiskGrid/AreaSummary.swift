import RiskModel
import GeoKit
import Store

/// The figures of one area of the `areas` layer (a district, town or park) at an instant: enterprises by
/// colour, risks by level, pipeline length, crowded sites, and its hottest grid cells.
public struct AreaSummary: Sendable {
    public let id: Int64
    public let name: String
    public let level: String
    /// Enterprises (risk sources) whose point on surface lies in the area, by stored colour.
    public let enterprisesByColour: [RiskColour: Int]
    /// Risks located in the area and valid at the instant (permanent, or inside their window), by level.
    public let risksByLevel: [RiskLevel: Int]
    /// Length of pipelines inside the area (geodesic, on the WGS 84 ellipsoid), in km.
    public let pipelineKm: Double
    /// Crowded sites valid at the instant whose point on surface lies in the area.
    public let sites: Int
    /// The cells with the highest combined index whose centre lies in the area, hottest first.
    public let hottestCells: [GridQuery.Cell]
}

extension GridQuery {
    /// The summary of area `id` at `at` (epoch seconds), with its `hottest` hottest cells (at the finest level
    /// whose cells over the area's box stay within `maxCells`).
    public func summary(areaID id: Int64, at: Int64, hottest: Int = 10) throws -> AreaSummary {
        guard let (name, level, shape) = try connection.area(id) else { throw GridError.notFound("areas feature \(id) does not exist") }
        let instant = Timestamp.format(epochSeconds: at)
        var colours: [RiskColour: Int] = [:]
        for (c, n) in try connection.counts(of: Catalog.riskSources, by: "colour", inArea: id) { if let c = RiskColour(rawValue: c) { colours[c] = n } }
        var levels: [RiskLevel: Int] = [:]
        for (l, n) in try connection.counts(of: Catalog.risks, by: "level", inArea: id, activeAt: instant) { if let l = RiskLevel(rawValue: l) { levels[l] = n } }
        let sites = try connection.counts(of: Catalog.sites, by: "category", inArea: id, activeAt: instant).values.reduce(0, +)
        let pipelineKm = try connection.pipelineKilometres(inArea: id)

        let box = shape.bbox
        let projectedBox = try projected(box)
        var cellLevel = 0
        while cellLevel < geometry.levels - 1 {
            let r = geometry.cells(meeting: projectedBox, level: cellLevel)
            if r.i.count * r.j.count <= Self.maxCells { break }
            cellLevel += 1
        }
        let candidates = try cells(in: box, level: cellLevel, at: at).filter { $0.combined > 0 }
        let centres = try corners(of: candidates.map(\.key))
        var inside: [GridQuery.Cell] = []
        for (n, c) in candidates.enumerated() {
            let a = centres[n * 4], b = centres[n * 4 + 2]
            if Self.contains(shape, Coordinate((a.x + b.x) / 2, (a.y + b.y) / 2)) { inside.append(c) }
        }
        inside.sort { ($0.combined, $1.key) > ($1.combined, $0.key) }
        return AreaSummary(id: id, name: name, level: level, enterprisesByColour: colours, risksByLevel: levels,
                           pipelineKm: pipelineKm, sites: sites, hottestCells: Array(inside.prefix(hottest)))
    }

    /// The summaries of every area of a level ("district", "town", …), in id order.
    public func summaries(level: String, at: Int64, hottest: Int = 10) throws -> [AreaSummary] {
        try connection.areaIDs(level: level).map { try summary(areaID: $0, at: at, hottest: hottest) }
    }

    /// Even-odd point in (multi)polygon, holes included.
    static func contains(_ g: Geometry, _ p: Coordinate) -> Bool {
        func inRing(_ ring: [Coordinate]) -> Bool {
            var inside = false
            var k = ring.count - 1
            for n in 0..<ring.count {
                let a = ring[n], b = ring[k]
                if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
                k = n
            }
            return inside
        }
        switch g {
        case .polygon(let rings): return rings.reduce(false) { $0 != inRing($1) }
        case .multiPolygon(let polygons): return polygons.contains { $0.reduce(false) { $0 != inRing($1) } }
        default: return false
        }
    }
}
