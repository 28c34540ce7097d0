import GeoKit
@testable import Routing
import Testing

/// A polygon zone's tests through its rows of edges (`ZoneEdges`) against every edge read one by one.
@Suite struct ZoneEdgesTests {
    /// Even-odd over every edge, as `Zone.contains` read polygons before the rows.
    static func inside(_ polygons: [[[Coordinate]]], _ p: Coordinate) -> Bool {
        var inside = false
        for poly in polygons {
            for ring in poly {
                for (a, b) in zip(ring, ring.dropFirst() + ring.prefix(1)) where (a.y > p.y) != (b.y > p.y) {
                    if p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
                }
            }
        }
        return inside
    }

    static func crosses(_ a: Coordinate, _ b: Coordinate, _ p: Coordinate, _ q: Coordinate) -> Bool {
        func side(_ o: Coordinate, _ u: Coordinate, _ v: Coordinate) -> Double { (u.x - o.x) * (v.y - o.y) - (u.y - o.y) * (v.x - o.x) }
        let d1 = side(p, q, a), d2 = side(p, q, b), d3 = side(a, b, p), d4 = side(a, b, q)
        return ((d1 <= 0 && d2 >= 0) || (d1 >= 0 && d2 <= 0)) && ((d3 <= 0 && d4 >= 0) || (d3 >= 0 && d4 <= 0))
            && !(d1 == 0 && d2 == 0 && d3 == 0 && d4 == 0 && (max(a.x, b.x) < min(p.x, q.x) || max(p.x, q.x) < min(a.x, b.x)
                || max(a.y, b.y) < min(p.y, q.y) || max(p.y, q.y) < min(a.y, b.y)))
    }

    static func meets(_ polygons: [[[Coordinate]]], _ a: Coordinate, _ b: Coordinate) -> Bool {
        if inside(polygons, a) || inside(polygons, b) { return true }
        return polygons.contains { $0.contains { ring in zip(ring, ring.dropFirst() + ring.prefix(1)).contains { crosses(a, b, $0.0, $0.1) } } }
    }

    /// Random self-intersecting polygons with holes, some with points on a coarse lattice (shared latitudes,
    /// horizontal edges, points on edges), tested with random points and segments, long and short.
    @Test func rowsAnswerAsEveryEdgeDoes() {
        var r = CostMaskTests.Seeded(state: 17)
        for k in 0..<60 {
            let lattice = k % 3 == 0
            func point() -> Coordinate {
                let x = 120 + r.unit() * 0.05, y = 31 + r.unit() * (k % 4 == 1 ? 0.0003 : 0.05)
                return lattice ? Coordinate((x * 400).rounded() / 400, (y * 400).rounded() / 400) : Coordinate(x, y)
            }
            let polygons = (0..<(1 + k % 3)).map { _ in
                (0..<(1 + Int(r.unit() * 3))).map { _ -> [Coordinate] in
                    let ring = (0..<(3 + Int(r.unit() * 60))).map { _ in point() }  // within `maxEntries`, as a request within its limits is
                    return ring + [ring[0]]
                }
            }
            let zone = Zone(.polygons(polygons), ban: true, label: "z")
            #expect(zone.edges != nil)
            for _ in 0..<400 {
                let a = point()
                let b = r.unit() < 0.5 ? point() : Coordinate(a.x + (r.unit() - 0.5) * 0.002, a.y + (r.unit() - 0.5) * 0.002)
                #expect(zone.contains(a) == Self.inside(polygons, a))
                #expect(zone.meets(a, b) == Self.meets(polygons, a, b))
            }
        }
    }

    /// The rows stay few whatever the shape: a comb of 20,000 teeth one metre high keeps each edge in a row or two.
    @Test func entriesStayNearTheEdgeCount() throws {
        var ring: [Coordinate] = []
        for i in 0..<10_000 { ring += [Coordinate(120 + Double(i) * 1e-5, 31), Coordinate(120 + (Double(i) + 0.5) * 1e-5, 31.00001)] }
        ring += [Coordinate(120.1, 30.9), Coordinate(120, 30.9), ring[0]]
        let edges = try #require(Zone(.polygons([[ring]]), ban: true, label: "comb").edges)
        #expect(edges.entries.count < 3 * ring.count)
    }

    /// Zones are built before the request is checked against its limits: one outside longitude and latitude (its
    /// height overflows to infinity and trapped on `Int(NaN)`) keeps no rows, and neither does one whose edges
    /// would fill more than `maxEntries` (a zigzag of 1,400 edges each spanning the whole height filed 1.96 million;
    /// 200 of them in one 4 MB body took 1.6 GB before the request was refused).
    @Test func zonesBeyondTheLimitsKeepNoRows() {
        let huge = [Coordinate(0, -1.7e308), Coordinate(1, 1.7e308), Coordinate(2, 0), Coordinate(0, -1.7e308)]
        #expect(Zone(.polygons([[huge]]), ban: true, label: "huge").edges == nil)
        var zigzag: [Coordinate] = []
        for k in 0..<1_400 { zigzag.append(Coordinate(120 + Double(k) * 0.0001, k % 2 == 0 ? 31 : 31.1)) }
        zigzag.append(zigzag[0])
        #expect(Zone(.polygons([[zigzag]]), ban: true, label: "zigzag").edges == nil)
    }
}
