import GeoKit
import Routing
import Testing

@Suite struct ArrivalTests {
    /// West (0,0) – middle (1,0) – east (2,0) – far (3,0), 36 km/h: ~95 s a block.
    static func line() -> RoutingNetwork {
        var l = Lattice()
        for i in 0..<3 { l.road((i, 0), (i + 1, 0)) }
        return l.network()
    }

    static func block(_ i: Int) -> Double { Lattice.metres([(0, 0), (i, 0)]) / 10 }

    @Test func eachPlaceGetsTheNearestStationAndItsTime() throws {
        let net = Self.line()
        let stations = [Lattice.node(0, 0), Lattice.node(3, 0)]
        // Half way along the first block, at the middle node, and a point 300 m north of the third block's middle.
        let half = Coordinate(120.005, 31), middle = Lattice.node(1, 0), offRoad = Coordinate(120.025, 31.0027)
        let (a, onRoad) = try net.arrivals(from: stations, to: [half, middle, offRoad, Coordinate(121, 32)].map { ($0, 500) }, limitSeconds: 600,
                                           RouteQuery(waypoints: [], at: 0))
        #expect(onRoad == 2)
        #expect(a[0]?.source == 0 && abs((a[0]?.seconds ?? 0) - Self.block(1) / 2) < 0.5)
        #expect(a[1]?.source == 0 && abs((a[1]?.seconds ?? 0) - Self.block(1)) < 0.5)
        // The third block's middle is half a block from the east station, 2.5 blocks from the west one.
        #expect(a[2]?.source == 1 && abs((a[2]?.seconds ?? 0) - Self.block(1) / 2) < 0.5)
        #expect(abs((a[2]?.snapMetres ?? 0) - 300) < 5)
        #expect(try net.arrivals(from: stations, to: [(offRoad, 250)], limitSeconds: 600, RouteQuery(waypoints: [], at: 0)).arrivals == [nil])
        #expect(a[3] == nil)
    }

    @Test func aTimeLimitAndAClosedZoneLeavePlacesUnreached() throws {
        let net = Self.line()
        let far = Lattice.node(3, 0)
        var q = RouteQuery(waypoints: [], at: 0)
        #expect(try net.arrivals(from: [Lattice.node(0, 0)], to: [(far, 500)], limitSeconds: Self.block(3) - 5, q).arrivals == [nil])
        #expect(try net.arrivals(from: [Lattice.node(0, 0)], to: [(far, 500)], limitSeconds: Self.block(3) + 5, q).arrivals[0] != nil)
        q.obstacles = [Zone(.circle(center: Coordinate(120.015, 31), radiusM: 100), ban: true, label: "obstacle 0")]
        #expect(try net.arrivals(from: [Lattice.node(0, 0)], to: [(far, 500)], limitSeconds: 600, q).arrivals == [nil])
        #expect(throws: RoutingError.self) { try net.arrivals(from: [Coordinate(10, 10)], to: [(far, 500)], limitSeconds: 60, q) }
        #expect(throws: RoutingError.self) { try net.arrivals(from: [far], to: [(far, 500)], limitSeconds: 61 * 60, q) }
    }

    /// A station inside a closed zone leaves it by the cheapest way, as a route's start does, instead of reaching
    /// nothing: a closed hazard level's circle or a closed obstacle holding it is only penalised.
    @Test func aStationInsideAClosedZoneStillReachesBeyondIt() throws {
        let hazard = Hazard(label: "risks/1", level: 0, center: Lattice.node(0, 0), radiusM: 300)
        var l = Lattice()
        for i in 0..<3 { l.road((i, 0), (i + 1, 0)) }
        let net = l.network(hazards: [hazard])
        let far = Lattice.node(3, 0)
        var q = RouteQuery(waypoints: [], at: 0)
        q.penalty = 2
        q.avoidLevels = [0]
        q.banHazards = true
        let viaHazard = try net.arrivals(from: [Lattice.node(0, 0)], to: [(far, 500)], limitSeconds: 600, q).arrivals[0]
        // The first block at twice its time, then two blocks.
        #expect(abs((viaHazard?.seconds ?? 0) - Self.block(1) * 2 - Self.block(2)) < 1)
        q.avoidLevels = []
        q.obstacles = [Zone(.circle(center: Lattice.node(0, 0), radiusM: 300), ban: true, label: "obstacle 0")]
        #expect(try net.arrivals(from: [Lattice.node(0, 0)], to: [(far, 500)], limitSeconds: 600, q).arrivals[0] != nil)
        let reach = try net.isochrones(from: [Lattice.node(0, 0)], minutes: [10], q).isochrones[0]
        #expect(IsochroneTests.inside(reach.polygons, far))
    }

    /// Places named by keys are put on the roads once: asked again, the kept positions are given without working
    /// out their points; a new namespace (another grid) or new keys are worked out; a network with other hazards
    /// but the same roads keeps them; all equal what placing the points directly gives.
    @Test func keptPositionsAreThePlacedOnesAndAreNotWorkedOutAgain() throws {
        let net = Self.line()
        let points: [UInt64: Coordinate] = [1: Coordinate(120.005, 31), 2: Lattice.node(1, 0), 3: Coordinate(120.025, 31.0027), 4: Coordinate(121, 32)]
        var asked: [UInt64] = []
        func place(_ keys: [UInt64], _ namespace: String, on n: RoutingNetwork) -> [RoadPosition?] {
            n.positions(keys: keys, namespace: namespace, maxSnapMetres: 500) { missing in
                asked += missing
                return missing.map { points[$0]! }
            }
        }
        let direct = net.positions(of: [1, 2, 3, 4].map { (points[$0]!, 500.0) })
        #expect(place([1, 2, 3, 4], "grid A", on: net) == direct && asked == [1, 2, 3, 4])
        #expect(direct[3] == nil && direct[0] != nil)
        asked = []
        #expect(place([4, 2], "grid A", on: net) == [direct[3], direct[1]] && asked.isEmpty)
        #expect(place([2], "grid A", on: net.with(hazards: [])) == [direct[1]] && asked.isEmpty)
        #expect(place([2, 3], "grid B", on: net) == [direct[1], direct[2]] && asked == [2, 3])
    }
}
