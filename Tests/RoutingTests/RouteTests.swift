import GeoKit
import RoadNetwork
import Routing
import Testing

@Suite struct RouteTests {
    let now: Int64 = 1_800_000_000

    func query(_ from: Coordinate, _ to: Coordinate) -> RouteQuery { RouteQuery(waypoints: [from, to], at: now) }

    @Test func shortestPathOnALatticeHasTheKnownLength() throws {
        var l = Lattice()
        for i in 0..<3 { for j in 0..<3 {
            if i < 2 { l.road((i, j), (i + 1, j)) }
            if j < 2 { l.road((i, j), (i, j + 1)) }
        } }
        var q = query(Lattice.node(0, 0), Lattice.node(2, 2))
        q.preference = .shortest
        let a = try l.network().route(q)
        let route = try #require(a.route)
        #expect(abs(route.metres - Lattice.metres([(0, 0), (1, 0), (2, 0), (2, 1), (2, 2)])) < 0.5)
        #expect(abs(route.seconds - route.metres / 10) < 0.1)
        #expect(route.line.first == Lattice.node(0, 0) && route.line.last == Lattice.node(2, 2))
        #expect(a.changedBy.isEmpty && a.inside.isEmpty && a.blockedBy.isEmpty)
    }

    @Test func oneWayStreetsAreDrivenOnlyAsDrawn() throws {
        var l = Lattice.corridor()
        l.roads[0].oneway = true
        l.roads[0].line.reverse()
        let net = l.network()
        // West → middle may not use West Street (drawn middle → west): around by the north and back.
        let west = try #require(try net.route(query(Lattice.node(0, 0), Lattice.node(1, 0))).route)
        #expect(abs(west.metres - Lattice.metres(Lattice.detour + [(1, 0)])) < 0.5)
        #expect(west.roads == ["North Lane", "Back Lane", "East Street"])
        let east = try #require(try net.route(query(Lattice.node(1, 0), Lattice.node(0, 0))).route)
        #expect(abs(east.metres - Lattice.metres([(1, 0), (0, 0)])) < 0.5)
        #expect(east.roads == ["West Street"])
    }

    @Test func aBlockedCorridorForcesTheKnownDetour() throws {
        let net = Lattice.corridor().network()
        var q = query(Lattice.node(0, 0), Lattice.node(2, 0))
        q.obstacles = [Zone(.circle(center: Lattice.node(1, 0), radiusM: 200), ban: true, label: "obstacle 0")]
        let a = try net.route(q)
        let route = try #require(a.route)
        #expect(abs(route.metres - Lattice.metres(Lattice.detour)) < 0.5)
        #expect(route.roads == ["North Lane", "Back Lane"])
        let direct = try #require(a.unconstrained)
        #expect(abs(direct.metres - Lattice.metres([(0, 0), (2, 0)])) < 0.5)
        #expect(a.changedBy == ["obstacle 0"])
        #expect(a.crossed.isEmpty)
    }

    /// A closed zone meeting only the part of the start's road that the unconstrained route drives still turns the
    /// route back along the road's other part.
    @Test func aClosedZoneOnlyOnTheStartRoadsPieceStillDetours() throws {
        let net = Lattice.corridor().network()
        var q = query(Coordinate(120.0025, 31.0), Lattice.node(2, 0))
        q.obstacles = [Zone(.circle(center: Coordinate(120.006, 31.0), radiusM: 100), ban: true, label: "obstacle 0")]
        let a = try net.route(q)
        let route = try #require(a.route)
        #expect(route.roads == ["West Street", "North Lane", "Back Lane"])
        #expect(abs(route.metres - Lattice.metres([(0, 0), (1, 0)]) * 0.25 - Lattice.metres(Lattice.detour)) < 1)
        #expect(a.changedBy == ["obstacle 0"] && a.crossed.isEmpty)
    }

    @Test func zonesAwayFromTheRouteLeaveIt() throws {
        let net = Lattice.corridor().network()
        var q = query(Coordinate(120.0025, 31.0), Lattice.node(2, 0))
        q.obstacles = [Zone(.circle(center: Lattice.node(1, 1), radiusM: 200), ban: true, label: "obstacle 0"),
                       Zone(.circle(center: Lattice.node(0, 1), radiusM: 200), ban: false, label: "obstacle 1")]
        let a = try net.route(q)
        let route = try #require(a.route)
        #expect(route.roads == ["West Street", "East Street"])
        #expect(abs(route.metres - (try #require(a.unconstrained)).metres) < 1e-9)
        #expect(a.changedBy.isEmpty && a.crossed.isEmpty)
    }

    @Test func aPenaltyDetoursOnlyWhenTheDetourIsCheaper() throws {
        let net = Lattice.corridor().network()
        var q = query(Lattice.node(0, 0), Lattice.node(2, 0))
        // The detour is about 3.2 times the corridor: a penalty of 10 takes it, one of 2 does not.
        let polygon: [[[Coordinate]]] = [[[Coordinate(120.009, 30.99), Coordinate(120.011, 30.99), Coordinate(120.011, 31.001),
                                           Coordinate(120.009, 31.001), Coordinate(120.009, 30.99)]]]
        q.obstacles = [Zone(.polygons(polygon), ban: false, label: "obstacle 0")]
        #expect(try net.route(q).route?.roads == ["North Lane", "Back Lane"])
        q.penalty = 2
        let a = try net.route(q)
        #expect(a.route?.roads == ["West Street", "East Street"])
        #expect(a.crossed == ["obstacle 0"] && a.changedBy.isEmpty)
    }

    @Test func aStartInsideAZoneIsReportedAndLeft() throws {
        let net = Lattice.corridor().network()
        var q = query(Lattice.node(0, 0), Lattice.node(2, 0))
        q.obstacles = [Zone(.circle(center: Lattice.node(0, 0), radiusM: 300), ban: true, label: "obstacle 0")]
        let a = try net.route(q)
        #expect(a.inside.count == 1 && a.inside.first?.waypoint == 0 && a.inside.first?.zones == ["obstacle 0"])
        let route = try #require(a.route)
        #expect(abs(route.metres - Lattice.metres([(0, 0), (2, 0)])) < 0.5)
        #expect(a.crossed == ["obstacle 0"])
    }

    @Test func aZoneHoldingTheEndIsNotSaidToHaveChangedTheRoute() throws {
        let net = Lattice.corridor().network()
        var q = query(Lattice.node(0, 0), Lattice.node(2, 0))
        q.obstacles = [Zone(.circle(center: Lattice.node(1, 0), radiusM: 200), ban: true, label: "obstacle 0"),
                       Zone(.circle(center: Lattice.node(2, 0), radiusM: 300), ban: true, label: "obstacle 1")]
        let a = try net.route(q)
        #expect(a.route?.roads == ["North Lane", "Back Lane"])
        #expect(a.changedBy == ["obstacle 0"])
        #expect(a.inside.first?.waypoint == 1 && a.inside.first?.zones == ["obstacle 1"])
        #expect(a.crossed == ["obstacle 1"])
    }

    @Test func aZoneThatCutsTheGraphIsNamed() throws {
        var l = Lattice()
        l.road((0, 0), (1, 0))
        l.road((1, 0), (2, 0))
        let net = l.network()
        var q = query(Lattice.node(0, 0), Lattice.node(2, 0))
        q.obstacles = [Zone(.circle(center: Lattice.node(0, 3), radiusM: 100), ban: true, label: "obstacle 0"),
                       Zone(.circle(center: Lattice.node(1, 0), radiusM: 100), ban: true, label: "obstacle 1")]
        let a = try net.route(q)
        #expect(a.route == nil)
        #expect(a.unconstrained != nil)
        #expect(a.blockedBy == ["obstacle 1"])
    }

    /// Two closed bands across a lattice cut the end off, neither alone; a closed circle on the straight way
    /// can be driven round. Only the bands are named: lifting each zone alone opened nothing, and all three were.
    @Test func theZonesNamedAsBlockingAreThoseAWayThroughMustCross() throws {
        var l = Lattice()
        for i in 0..<5 {
            for j in 0..<3 {
                if i < 4 { l.road((i, j), (i + 1, j)) }
                if j < 2 { l.road((i, j), (i, j + 1)) }
            }
        }
        func band(_ x: Double) -> Zone.Shape {
            .polygons([[[Coordinate(x - 0.001, 30.99), Coordinate(x + 0.001, 30.99), Coordinate(x + 0.001, 31.03),
                         Coordinate(x - 0.001, 31.03), Coordinate(x - 0.001, 30.99)]]])
        }
        var q = query(Lattice.node(0, 1), Lattice.node(4, 1))
        q.obstacles = [Zone(.circle(center: Coordinate(120.005, 31.01), radiusM: 100), ban: true, label: "obstacle 0"),
                       Zone(band(120.025), ban: true, label: "obstacle 1"),
                       Zone(band(120.035), ban: true, label: "obstacle 2")]
        let a = try l.network().route(q)
        #expect(a.route == nil && a.unconstrained != nil)
        #expect(a.blockedBy == ["obstacle 1", "obstacle 2"])
    }

    /// The start's own road is closed because its far end meets a circle; the part the start drives back to the
    /// west junction is open and is priced as open. A way through then crosses the band on the north lane (one road)
    /// rather than the circle (two roads' worth of closed street), and the band is named.
    @Test func aWaypointsOpenPieceOfAClosedRoadIsNotPricedAsClosed() throws {
        let net = Lattice.corridor().network()
        var q = query(Coordinate(120.007, 31), Lattice.node(2, 0))
        let band: [[[Coordinate]]] = [[[Coordinate(120.014, 31.005), Coordinate(120.016, 31.005), Coordinate(120.016, 31.015),
                                        Coordinate(120.014, 31.015), Coordinate(120.014, 31.005)]]]
        q.obstacles = [Zone(.circle(center: Lattice.node(1, 0), radiusM: 100), ban: true, label: "obstacle 0"),
                       Zone(.polygons(band), ban: true, label: "obstacle 1")]
        let a = try net.route(q)
        #expect(a.route == nil && a.inside.isEmpty)
        #expect(a.blockedBy == ["obstacle 1"])
    }

    /// A closed hazard holding the start is only penalised, so it does not block the route and is not named
    /// among the zones that do, even when no zone alone cuts the route off and all of them are named.
    @Test func aZoneHoldingAWaypointIsNotSaidToBlockTheRoute() throws {
        var l = Lattice()
        for i in 0..<4 { l.road((i, 0), (i + 1, 0)) }
        // The start's circle meets the first road only; each of the others the middle of a road of its own.
        let hazards = [Hazard(label: "risks/1", level: 0, center: Lattice.node(0, 0), radiusM: 300),
                       Hazard(label: "risks/2", level: 0, center: Coordinate(120.015, 31), radiusM: 100),
                       Hazard(label: "risks/3", level: 0, center: Coordinate(120.025, 31), radiusM: 100)]
        var q = query(Lattice.node(0, 0), Lattice.node(4, 0))
        q.avoidLevels = [0]
        q.banHazards = true
        let a = try l.network(hazards: hazards).route(q)
        #expect(a.route == nil && a.inside.first?.zones == ["risks/1"])
        #expect(a.blockedBy == ["risks/2", "risks/3"])
    }

    /// With no route, the sentence says where the start lies but not that a route leaves it.
    @Test func noRouteIsNotSaidToLeaveTheZoneItStartsIn() throws {
        let net = Lattice.corridor().network()
        var q = query(Lattice.node(0, 0), Lattice.node(2, 0))
        // A band north–south across West Street and the north lane cuts the west end off.
        let band: [[[Coordinate]]] = [[[Coordinate(120.004, 30.99), Coordinate(120.006, 30.99), Coordinate(120.006, 31.02),
                                        Coordinate(120.004, 31.02), Coordinate(120.004, 30.99)]]]
        q.obstacles = [Zone(.circle(center: Lattice.node(0, 0), radiusM: 300), ban: true, label: "obstacle 0"),
                       Zone(.polygons(band), ban: true, label: "obstacle 1")]
        let a = try net.route(q)
        #expect(a.route == nil && a.inside.count == 1 && a.blockedBy == ["obstacle 1"])
        let detail = RouteGeoJSON.detail(a, q)
        #expect(detail.contains("the start lies inside obstacle 0") && !detail.contains("by the cheapest way"), "\(detail)")
    }

    /// From and to on the same spot: a route of no length whose line still has two positions (GeoJSON's least).
    @Test func aRouteToItsOwnStartIsALineOfTwoPositions() throws {
        let a = try Lattice.corridor().network().route(query(Coordinate(120.002, 31), Coordinate(120.002, 31)))
        let route = try #require(a.route)
        #expect(route.metres == 0 && route.line.count == 2 && route.roads == ["West Street"])
        #expect(a.unconstrained?.line.count == 2)
    }

    /// Real fields are written as reals even when whole (docs/API.md, "Numbers"): GDAL types a field by its first values.
    @Test func wholeLengthsTimesAndMinutesAreWrittenAsReals() throws {
        let a = try Lattice.corridor().network().route(query(Coordinate(120.002, 31), Coordinate(120.002, 31)))
        var w = JSONWriter()
        RouteGeoJSON.write(a, query(Coordinate(120.002, 31), Coordinate(120.002, 31)), into: &w)
        for field in [#""length_m":0.0,"duration_s":0.0"#, #""detour":{"length_m":0.0,"duration_s":0.0}"#] {
            #expect(w.string.contains(field), "\(w.string)")
        }
        var iso = JSONWriter()
        let (isochrones, sources) = try Lattice.corridor().network().isochrones(from: [Lattice.node(0, 0)], minutes: [5], RouteQuery(waypoints: [], at: 0))
        IsochroneGeoJSON.write(isochrones, sources: sources, into: &iso)
        #expect(iso.string.contains(#""minutes":5.0"#), "\(iso.string)")
    }

    @Test func hazardsOfAvoidedLevelsOnlyAreAvoided() throws {
        let hazard = Hazard(label: "risks/7", level: 0, center: Lattice.node(1, 0), radiusM: 200)
        let net = Lattice.corridor().network(hazards: [hazard])
        var q = query(Lattice.node(0, 0), Lattice.node(2, 0))
        q.avoidLevels = [1]
        #expect(try net.route(q).route?.roads == ["West Street", "East Street"])
        q.avoidLevels = [0, 1]
        let a = try net.route(q)
        #expect(a.route?.roads == ["North Lane", "Back Lane"])
        #expect(a.changedBy == ["risks/7"])
        q.banHazards = true
        #expect(try net.route(q).route?.roads == ["North Lane", "Back Lane"])
    }

    @Test func windowedHazardsCountOnlyInTheirWindow() throws {
        let hazard = Hazard(label: "reports/3", level: 1, center: Lattice.node(1, 0), radiusM: 200, from: now - 10, to: now + 10)
        let net = Lattice.corridor().network(hazards: [hazard])
        var q = query(Lattice.node(0, 0), Lattice.node(2, 0))
        q.avoidLevels = [1]
        #expect(try net.route(q).route?.roads == ["North Lane", "Back Lane"])
        q.at = now + 10
        #expect(try net.route(q).route?.roads == ["West Street", "East Street"])
    }

    @Test func hazmatVehiclesKeepToHazmatRoads() throws {
        var l = Lattice.corridor()
        l.roads[1].hazmat = false
        var q = query(Lattice.node(0, 0), Lattice.node(2, 0))
        q.hazmat = true
        #expect(try l.network().route(q).route?.roads == ["North Lane", "Back Lane"])
    }

    @Test func waypointsBetweenNodesAndViasAreFollowed() throws {
        let net = Lattice.corridor().network()
        // From a quarter along West Street, through the middle of North Lane's first block, to a quarter
        // before the east end of East Street.
        let from = Coordinate(120.0025, 31.0001), via = Coordinate(120.005, 31.01), to = Coordinate(120.0175, 31.0)
        let route = try #require(try net.route(RouteQuery(waypoints: [from, via, to], at: now)).route)
        let west = Lattice.metres([(0, 0), (1, 0)]), north = Lattice.metres([(0, 0), (0, 1)])
        let expected = west * 0.25 + north + Lattice.metres([(0, 1), (2, 1)]) + north + west * 0.25
        #expect(abs(route.metres - expected) < 2)
        #expect(route.roads == ["West Street", "North Lane", "Back Lane", "East Street"])
    }

    @Test func aTripAlongOneRoadIsDirect() throws {
        let net = Lattice.corridor().network()
        let route = try #require(try net.route(query(Coordinate(120.002, 31), Coordinate(120.008, 31))).route)
        #expect(abs(route.metres - Lattice.metres([(0, 0), (1, 0)]) * 0.6) < 1)
        #expect(route.line.count == 2 && route.roads == ["West Street"])
    }

    @Test func badInputsAreRefusedWithTheirReason() throws {
        let net = Lattice.corridor().network()
        #expect(throws: RoutingError.self) { try net.route(query(Coordinate(121, 31), Lattice.node(2, 0))) }
        #expect(throws: RoutingError.self) { try net.route(RouteQuery(waypoints: [Lattice.node(0, 0)], at: now)) }
        var q = query(Lattice.node(0, 0), Lattice.node(2, 0))
        q.obstacles = Array(repeating: Zone(.circle(center: Lattice.node(5, 5), radiusM: 10), ban: true, label: "o"), count: 201)
        do {
            _ = try net.route(q)
            Issue.record("201 obstacles were taken")
        } catch {
            #expect(error.description.contains("at most 200 obstacles"))
        }
        q.obstacles = [Zone(.circle(center: Lattice.node(5, 5), radiusM: 70_000), ban: true, label: "o")]
        #expect(throws: RoutingError.self) { try net.route(q) }
        #expect(throws: RoutingError.noRoads) { try RoutingNetwork(roads: [], hazards: []).route(query(Lattice.node(0, 0), Lattice.node(1, 0))) }
    }
}

@Suite struct IsochroneTests {
    /// A 9 × 9 lattice of two-way roads at 36 km/h (10 m/s): a block east–west is ~95 s, north–south ~111 s.
    static func lattice() -> RoutingNetwork {
        var l = Lattice()
        for i in 0..<9 { for j in 0..<9 {
            if i < 8 { l.road((i, j), (i + 1, j)) }
            if j < 8 { l.road((i, j), (i, j + 1)) }
        } }
        return l.network()
    }

    static func inside(_ polygons: [[[Coordinate]]], _ p: Coordinate) -> Bool {
        Zone(.polygons(polygons), ban: true, label: "").contains(p)
    }

    @Test func anIsochroneOfAGridHasTheExpectedReach() throws {
        let net = Self.lattice()
        let centre = Lattice.node(4, 4)
        let (isochrones, sources) = try net.isochrones(from: [centre], minutes: [5, 2], RouteQuery(waypoints: [], at: 0))
        #expect(sources == 1 && isochrones.map(\.minutes) == [2, 5])
        let two = isochrones[0].polygons, five = isochrones[1].polygons
        // 2 minutes (120 s): one block each way, not two.
        #expect(Self.inside(two, Lattice.node(5, 4)) && Self.inside(two, Lattice.node(4, 5)) && Self.inside(two, Lattice.node(3, 4)))
        #expect(!Self.inside(two, Lattice.node(6, 4)) && !Self.inside(two, Lattice.node(5, 5)))
        // 5 minutes (300 s): three blocks east (285 s), not four; (5,5) is 206 s away.
        #expect(Self.inside(five, Lattice.node(7, 4)) && Self.inside(five, Lattice.node(5, 5)))
        #expect(!Self.inside(five, Lattice.node(8, 4)) && !Self.inside(five, Lattice.node(7, 7)))
        // The lattice's blocks are not roads: the middle of a block reached all round is a hole.
        #expect(!Self.inside(five, Coordinate(120.045, 31.045)) || five.contains { $0.count > 1 })
        for p in five { for ring in p { #expect(ring.first == ring.last && ring.count >= 4) } }
    }

    @Test func closedZonesShrinkTheReachAndManySourcesJoin() throws {
        let net = Self.lattice()
        var q = RouteQuery(waypoints: [], at: 0)
        q.obstacles = [Zone(.circle(center: Lattice.node(5, 4), radiusM: 200), ban: true, label: "obstacle 0")]
        let closed = try net.isochrones(from: [Lattice.node(4, 4)], minutes: [2], q).isochrones[0].polygons
        #expect(!Self.inside(closed, Lattice.node(5, 4)) && Self.inside(closed, Lattice.node(3, 4)))
        let two = try net.isochrones(from: [Lattice.node(1, 1), Lattice.node(7, 7)], minutes: [2], RouteQuery(waypoints: [], at: 0))
        #expect(two.sources == 2)
        #expect(Self.inside(two.isochrones[0].polygons, Lattice.node(2, 1)) && Self.inside(two.isochrones[0].polygons, Lattice.node(7, 6)))
        #expect(!Self.inside(two.isochrones[0].polygons, Lattice.node(4, 4)))
        #expect(throws: RoutingError.self) { try net.isochrones(from: [Lattice.node(4, 4)], minutes: [61], RouteQuery(waypoints: [], at: 0)) }
        #expect(throws: RoutingError.self) { try net.isochrones(from: [Coordinate(10, 10)], minutes: [5], RouteQuery(waypoints: [], at: 0)) }
    }
}

@Suite struct HazmatTests {
    @Test func hazardousGoodsKeepAwayFromCrowdedSites() throws {
        let school = Hazard(label: "sites/4", level: Hazard.crowdedSite, center: Lattice.node(1, 0), radiusM: 200)
        let net = Lattice.corridor().network(hazards: [school])
        var q = RouteQuery(waypoints: [Lattice.node(0, 0), Lattice.node(2, 0)], at: 0)
        #expect(try net.route(q).route?.roads == ["West Street", "East Street"])
        q.hazmat = true
        let a = try net.route(q)
        #expect(a.route?.roads == ["North Lane", "Back Lane"])
        #expect(a.changedBy == ["sites/4"])
    }
}
