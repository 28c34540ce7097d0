import Foundation
import Testing
@testable import Service

/// Hostile routing requests over a real server on loopback: each must get a
/// clear answer without costing the server more than a moment of CPU or a multiple of its body in memory.
@Suite(.serialized) struct RouteHostileTests {
    /// A ring of `n` points round (lon, lat), radii in degrees, closed.
    static func ring(_ lon: Double, _ lat: Double, _ rx: Double, _ ry: Double, _ n: Int) -> String {
        let points = (0...n).map { i in
            let a = 2 * Double.pi * Double(i % n) / Double(n)
            return "[\(lon + rx * cos(a)),\(lat + ry * sin(a))]"
        }
        return "[" + points.joined(separator: ",") + "]"
    }

    /// The middle and half-size of the roads' extent.
    static func roadsBox(_ server: TestServer) -> (lon: Double, lat: Double, halfLon: Double, halfLat: Double) {
        let extent = (server.get("/collections/roads").object["extent"] as? [String: Any])?["spatial"] as? [String: Any]
        let b = (extent?["bbox"] as? [[Double]])?.first ?? [120.5, 31.2, 120.7, 31.4]
        return ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, (b[2] - b[0]) / 2, (b[3] - b[1]) / 2)
    }

    /// A 20,000-vertex polygon (within the limits) shaped as a thin ring round the whole city: it holds no road,
    /// but its box covers every one. Every road segment was tested against every edge (33 s of CPU on the
    /// Rhein-Neckar roads, several seconds on the small demo in a debug build); now only against the edges of
    /// its latitude rows.
    @Test func aRingPolygonOfManyVerticesAroundTheRoadsIsKeptOutOf() throws {
        let server = try TestServer()
        let c = Self.roadsBox(server)
        let outer = Self.ring(c.lon, c.lat, c.halfLon * 1.1, c.halfLat * 1.1, 9_990)
        let inner = Self.ring(c.lon, c.lat, c.halfLon * 1.0999, c.halfLat * 1.0999, 9_990)
        let from = "[\(c.lon - c.halfLon / 2),\(c.lat)]", to = "[\(c.lon + c.halfLon / 2),\(c.lat)]"
        let body = #"{"waypoints":{"type":"MultiPoint","coordinates":[\#(from),\#(to)]},"obstacles":{"type":"Polygon","coordinates":[\#(outer),\#(inner)]}}"#
        _ = RouteAPITests.post(server, #"{"waypoints":{"type":"MultiPoint","coordinates":[\#(from),\#(to)]}}"#)  // builds the network
        // Its speed (33 s of CPU before the edges were filed by rows) is Benchmarks/hostile's probe 11a, not a timed test.
        let r = RouteAPITests.post(server, body)
        #expect(r.status == 200 && r.object["status"] as? String == "ok")
        #expect(r.object["crossed_count"] as? Int == 0 && r.object["changed_by_count"] as? Int == 0)
    }

    /// Numbers that overflow where a zone is built: a polygon whose height is beyond a Double, and an id of 1e300,
    /// each trapped the server (`Int(NaN)`, `Int64(1e300)`); now a 400 and an answer.
    @Test func overflowingNumbersInObstaclesAreAnsweredNotFatal() throws {
        let (server, _) = try RouteAPITests.corridorServer()
        let huge = RouteAPITests.post(server, #"{"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]},"obstacles":{"type":"Polygon","coordinates":[[[0,-1.7e308],[1,1.7e308],[2,0],[0,-1.7e308]]]}}"#)
        #expect(huge.status == 400 && (huge.object["detail"] as? String)?.contains("beyond longitude/latitude") == true)
        let id = RouteAPITests.post(server, #"{"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]},"obstacles":{"type":"Feature","id":1e300,"geometry":{"type":"Point","coordinates":[120.01,31]},"properties":{"radius":200}}}"#)
        #expect(id.status == 200 && (id.object["changed_by"] as? [String])?.first == "obstacle 1e+300")
        #expect(server.get("/health").status == 200)
    }

    /// A body over 4 MiB is refused before it is parsed (a 10 MB list of circles held 490 MB once parsed).
    @Test func aRouteBodyOver4MiBIs413() throws {
        let (server, _) = try RouteAPITests.corridorServer()
        let body = #"{"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]}"# + String(repeating: " ", count: 5 << 20) + "}"
        let r = RouteAPITests.post(server, body)
        #expect(r.status == 413 && r.headers["content-type"] == "application/problem+json")
        #expect((r.object["detail"] as? String)?.contains("at most 4194304 (4 MiB)") == true)
        // Just under the limit, the same request is answered.
        let fits = #"{"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]}"# + String(repeating: " ", count: 4 << 20 - 100) + "}"
        #expect(RouteAPITests.post(server, fits).status == 200)
    }
}

/// Road searches run one less at a time than there are workers; a search that finds them all busy is answered
/// 503 at once, so /health never waits behind a crowd of isochrones (16 clients asking 10 isochrones of 60
/// minutes each on the Rhein-Neckar roads kept /health waiting 10 s and more).
@Suite struct RoutingSlotTests {
    @Test func aSearchFindingEverySlotBusyIs503AndHealthAnswers() throws {
        let (server, _) = try RouteAPITests.corridorServer()  // two workers: one search at a time
        #expect(server.service.searches.limit == 1)
        #expect(server.get("/route?from=120,31&to=120.02,31").status == 200)
        try server.service.searches.run {
            for path in ["/route?from=120,31&to=120.02,31", "/isochrone?from=120,31&minutes=5", "/analysis/coverage"] {
                let r = server.get(path)
                #expect(r.status == 503, "\(path)")
                #expect(r.headers["content-type"] == "application/problem+json" && r.headers["retry-after"] == "1")
                #expect((r.object["detail"] as? String)?.contains("busy") == true)
            }
            let post = RouteAPITests.post(server, #"{"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]}}"#)
            #expect(post.status == 503)
            #expect(server.get("/health").status == 200)
        }
        #expect(server.get("/route?from=120,31&to=120.02,31").status == 200, "the slot is given back")
        // A search that fails in its slot (a point far from any road) gives it back too.
        #expect(server.get("/route?from=121,31&to=120.02,31").status == 400)
        #expect(server.get("/route?from=120,31&to=120.02,31").status == 200, "the slot is given back after a 400")
    }
}
