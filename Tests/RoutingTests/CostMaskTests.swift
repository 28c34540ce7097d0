import GeoKit
@testable import Routing
import Testing

/// Zones laid onto the roads through the segment grid, cell by cell, against every segment tested one by one.
@Suite struct CostMaskTests {
    struct Seeded {
        var state: UInt64
        mutating func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
    }

    /// 600 random short roads of 2–6 points in a 0.1° square at 31° N.
    static func network(_ r: inout Seeded) -> RoutingNetwork {
        let roads = (0..<600).map { k in
            var p = Coordinate(120 + r.unit() * 0.1, 31 + r.unit() * 0.1)
            var line = [p]
            for _ in 0..<(1 + Int(r.unit() * 5)) {
                p = Coordinate(p.x + (r.unit() - 0.5) * 0.01, p.y + (r.unit() - 0.5) * 0.01)
                line.append(p)
            }
            return RoadInput(id: Int64(k + 1), name: nil, line: line, speedKmh: 30, oneway: false, hazmat: true)
        }
        return RoutingNetwork(roads: roads, hazards: [])
    }

    @Test func zonesRaiseExactlyTheRoadsTheyMeet() {
        var r = Seeded(state: 5)
        let network = Self.network(&r)
        let g = network.graph
        for round in 0..<20 {
            // Even rounds spread the zones over the square; odd ones crowd them about its middle, overlapping (so
            // that cells are skipped once a zone as dear has passed them).
            let spread = round % 2 == 0 ? 0.1 : 0.01
            let zones = (0..<10).map { i in
                let c = Coordinate(120.05 + (r.unit() - 0.5) * spread, 31.05 + (r.unit() - 0.5) * spread)
                if i % 3 == 2 {
                    let d = 0.002 + r.unit() * 0.01
                    let ring = [Coordinate(c.x - d, c.y - d), Coordinate(c.x + d, c.y - d), Coordinate(c.x, c.y + d), Coordinate(c.x - d, c.y - d)]
                    return Zone(.polygons([[ring]]), ban: i % 2 == 0, label: "z\(i)")
                }
                return Zone(.circle(center: c, radiusM: 50 + r.unit() * 1_500), ban: i % 2 == 0, label: "z\(i)")
            }
            var mask = CostMask(roads: g.roadCount)
            mask.raise(zones, in: network, penalty: 10)
            var expected = [Float](repeating: 1, count: g.roadCount)
            for road in 0..<g.roadCount {
                let line = g.line(road)
                for z in zones where zip(line, line.dropFirst()).contains(where: { z.meets($0.0, $0.1) }) {
                    expected[road] = max(expected[road], z.ban ? .infinity : 10)
                }
            }
            #expect(mask.factor == expected, "round \(round)")
            #expect(mask.raised == expected.filter { $0 > 1 }.count)
        }
    }

    @Test func aCircleMeetsTheSegmentsThatComeWithinItsRadius() {
        var r = Seeded(state: 11)
        var met = 0
        for _ in 0..<20_000 {
            let c = Coordinate(120 + r.unit() * 0.01, 31 + r.unit() * 0.01), radius = 10 + r.unit() * 1_000
            let z = Zone(.circle(center: c, radiusM: radius), ban: true, label: "c")
            let a = Coordinate(c.x + (r.unit() - 0.5) * 0.04, c.y + (r.unit() - 0.5) * 0.04)
            // Some segments are points, some short, some long.
            let b = r.unit() < 0.05 ? a : Coordinate(a.x + (r.unit() - 0.5) * 0.04 * r.unit(), a.y + (r.unit() - 0.5) * 0.04 * r.unit())
            let d = z.local.nearest(on: a, b, to: c).metres
            // Within a micrometre of the radius either answer is right.
            guard abs(d - radius) > 1e-6 else { continue }
            #expect(z.meets(a, b) == (d <= radius), "\(a) \(b) at \(d) m from a circle of \(radius) m")
            if d <= radius { met += 1 }
        }
        #expect(met > 1_000)
    }

    @Test func aCircleMayMeetOnlyBoxesNearIt() {
        let z = Zone(.circle(center: Coordinate(120, 31), radiusM: 1_000), ban: true, label: "c")
        let d = z.local.degrees(1_000)
        // The box's corner beyond the circle, though inside its bounding box.
        #expect(!z.mayMeet(BBox(minX: 120 + d.lon * 0.8, minY: 31 + d.lat * 0.8, maxX: 120 + d.lon, maxY: 31 + d.lat)))
        #expect(z.mayMeet(BBox(minX: 120 + d.lon * 0.5, minY: 31 + d.lat * 0.5, maxX: 120 + d.lon, maxY: 31 + d.lat)))
        #expect(z.mayMeet(BBox(minX: 119, minY: 30, maxX: 121, maxY: 32)))
        #expect(!z.mayMeet(BBox(minX: 121, minY: 31, maxX: 122, maxY: 32)))
        var r = Seeded(state: 9)
        for _ in 0..<5_000 {
            let p = Coordinate(120 + (r.unit() - 0.5) * 3 * d.lon, 31 + (r.unit() - 0.5) * 3 * d.lat)
            let w = r.unit() * d.lon, h = r.unit() * d.lat
            if z.contains(p) { #expect(z.mayMeet(BBox(minX: p.x - w, minY: p.y - h, maxX: p.x + w, maxY: p.y + h))) }
        }
    }
}
