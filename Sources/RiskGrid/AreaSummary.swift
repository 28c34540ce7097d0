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
    /// The area's grid cells by class, and the level they are counted at (the base level where the area's box
    /// holds at most `GridQuery.maxCells` of its cells, else the first coarser level that does).
    public let cellsByClass: CellClassCount
}

/// Grid cells by colour class at one level.
public struct CellClassCount: Sendable, Equatable {
    public let level: Int
    public let byClass: [RiskColour: Int]
}

extension GridQuery {
    /// The `count` cells of `shape` (an area's polygon) with the highest combined index at `at` (epoch
    /// seconds), hottest first: at the finest level whose cells over the shape's box stay within `maxCells`,
    /// those whose centre lies in the shape.
    public func hottest(in shape: Geometry, count: Int, at: Int64) throws -> (cells: [Cell], classes: CellClassCount) {
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
        var inside: [Cell] = []
        for (n, c) in candidates.enumerated() {
            let a = centres[n * 4], b = centres[n * 4 + 2]
            if Self.contains(shape, Coordinate((a.x + b.x) / 2, (a.y + b.y) / 2)) { inside.append(c) }
        }
        var byClass: [RiskColour: Int] = [:]
        for c in inside { if let colour = c.colour { byClass[colour, default: 0] += 1 } }
        inside.sort { ($0.combined, $1.key) > ($1.combined, $0.key) }
        return (Array(inside.prefix(count)), CellClassCount(level: cellLevel, byClass: byClass))
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
