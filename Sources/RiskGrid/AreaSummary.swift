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
        let s = try connection.cached("SELECT name, level, geom FROM areas WHERE fid = ?")
        try s.bind(.integer(id), at: 1)
        guard try s.step() else { throw GridError.notFound("areas feature \(id) does not exist") }
        let name = s.text(0) ?? "", level = s.text(1) ?? ""
        let shape = try s.withBlob(2) { try SpatiaLiteBlob.decode($0).geometry }
        s.reset()
        let instant = Value.text(Timestamp.format(epochSeconds: at))
        let window = "(f.valid_from IS NULL OR f.valid_from <= ?2) AND (f.valid_to IS NULL OR f.valid_to > ?2)"

        var colours: [RiskColour: Int] = [:]
        try grouped(Catalog.riskSources, "colour", where: "?2 IS NOT NULL", id, instant) { if let c = RiskColour(rawValue: $0) { colours[c] = $1 } }
        var levels: [RiskLevel: Int] = [:]
        try grouped(Catalog.risks, "level", where: window, id, instant) { if let l = RiskLevel(rawValue: $0) { levels[l] = $1 } }
        var sites = 0
        try grouped(Catalog.sites, "category", where: window, id, instant) { sites += $1 }
        let km = try connection.cached("""
            SELECT coalesce(sum(ST_Length(ST_Intersection(p.geom, a.geom), 1)), 0) / 1000.0 FROM areas a, pipelines p
            WHERE a.fid = ?1 AND p.fid IN (SELECT pkid FROM idx_pipelines_geom WHERE xmax >= MbrMinX(a.geom) AND xmin <= MbrMaxX(a.geom)
                                           AND ymax >= MbrMinY(a.geom) AND ymin <= MbrMaxY(a.geom))
            AND ST_Intersects(p.geom, a.geom)
            """)
        try km.bind(.integer(id), at: 1)
        let pipelineKm = try km.step() ? km.double(0) : 0
        km.reset()

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
        let s = try connection.cached("SELECT fid FROM areas WHERE level = ? ORDER BY fid")
        try s.bind(.text(level), at: 1)
        var ids: [Int64] = []
        while try s.step() { ids.append(s.int64(0)) }
        s.reset()
        return try ids.map { try summary(areaID: $0, at: at, hottest: hottest) }
    }

    /// Counts features of `layer` whose point on surface lies in area ?1, grouped by `column`.
    private func grouped(_ layer: LayerSchema, _ column: String, where condition: String, _ area: Int64, _ instant: Value,
                         _ body: (String, Int) -> Void) throws {
        let s = try connection.cached("""
            SELECT f.\(column), count(*) FROM \(layer.name) f, areas a
            WHERE a.fid = ?1 AND f.fid IN (SELECT pkid FROM idx_\(layer.name)_geom WHERE xmax >= MbrMinX(a.geom) AND xmin <= MbrMaxX(a.geom)
                                           AND ymax >= MbrMinY(a.geom) AND ymin <= MbrMaxY(a.geom))
            AND ST_Within(PointOnSurface(f.geom), a.geom) AND \(condition) GROUP BY 1
            """)
        try s.bind([.integer(area), instant])
        defer { s.reset() }
        while try s.step() { body(s.text(0) ?? "", Int(s.int64(1))) }
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
