import Foundation
import GeoKit
@_spi(RawSQL) import Store
import Testing

/// Routes over a real server on loopback: a corridor with a detour (west (120,31) – middle – east (120.02,31),
/// and north round (120,31.01)–(120.02,31.01)) written to an empty database, then the demo city.
@Suite(.serialized) struct RouteAPITests {
    static let corridor: [(String, [(Double, Double)])] = [
        ("West Street", [(120, 31), (120.01, 31)]), ("East Street", [(120.01, 31), (120.02, 31)]),
        ("North Lane", [(120, 31), (120, 31.01)]), ("North Lane", [(120, 31.01), (120.01, 31.01)]),
        ("North Lane", [(120.01, 31.01), (120.02, 31.01)]), ("Back Lane", [(120.02, 31.01), (120.02, 31)]),
    ]

    static func corridorServer() throws -> (TestServer, [Int64]) {
        let server = try TestServer(demo: false)
        let ids = try server.store.write(WriteContext(actor: "test")) { tx in
            try corridor.map { name, points in
                try tx.insert(Feature(geometry: .lineString(points.map { Coordinate($0.0, $0.1) }),
                                      properties: ["name": .text(name), "class": "residential", "speed_kmh": 36.0]), into: Catalog.roads).id!
            }
        }
        return (server, ids)
    }

    static func post(_ server: TestServer, _ json: String) -> TestServer.Reply {
        server.request("POST", "/routes", headers: ["Content-Type": "application/json"], body: Data(json.utf8))
    }

    static func roads(_ r: TestServer.Reply, _ id: String = "route") -> [String]? {
        let features = r.object["features"] as? [[String: Any]] ?? []
        return (features.first { $0["id"] as? String == id }?["properties"] as? [String: Any])?["roads"] as? [String]
    }

    /// Each feature's line, in order.
    static func lines(_ r: TestServer.Reply) -> [[[Double]]] {
        (r.object["features"] as? [[String: Any]] ?? []).map { ($0["geometry"] as? [String: Any])?["coordinates"] as? [[Double]] ?? [] }
    }

    @Test func routesAvoidObstaclesAndFollowRoadEdits() throws {
        let (server, ids) = try Self.corridorServer()
        let plain = server.get("/route?from=120,31&to=120.02,31")
        #expect(plain.status == 200 && plain.headers["content-type"] == "application/geo+json")
        #expect(plain.object["status"] as? String == "ok")
        #expect(Self.roads(plain) == ["West Street", "East Street"])
        // The route is the unconstrained one: the same line twice (the second a copy of the first's text).
        #expect(Self.lines(plain) == [[[120, 31], [120.01, 31], [120.02, 31]], [[120, 31], [120.01, 31], [120.02, 31]]])
        // Through a via on the north lane.
        #expect(Self.roads(server.get("/route?from=120,31&via=120.01,31.01&to=120.02,31")) == ["North Lane", "Back Lane"])

        let around = Self.post(server, """
            {"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]},
             "obstacles":{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[120.01,31]},"properties":{"radius":200}}]}}
            """)
        #expect(around.status == 200)
        #expect(Self.roads(around) == ["North Lane", "Back Lane"])
        #expect(Self.roads(around, "unconstrained") == ["West Street", "East Street"])
        #expect(Self.lines(around).map(\.count) == [5, 3])
        #expect(around.object["changed_by"] as? [String] == ["obstacle 0"])
        let detour = around.object["detour"] as? [String: Double]
        #expect(abs((detour?["length_m"] ?? 0) - 2223.7) < 1)

        // Both ways cut: no route, and the two zones together are named.
        let cut = Self.post(server, """
            {"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]},
             "obstacles":{"type":"MultiPolygon","coordinates":[[[[120.009,30.99],[120.011,30.99],[120.011,31.02],[120.009,31.02],[120.009,30.99]]]]}}
            """)
        #expect(cut.status == 200 && cut.object["status"] as? String == "noRoute")
        #expect(cut.object["blocked_by"] as? [String] == ["obstacle 0"])
        #expect((cut.object["detail"] as? String)?.contains("blocked by obstacle 0") == true)

        // A start inside a closed zone is said, and left.
        let inside = Self.post(server, """
            {"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]},
             "obstacles":{"type":"Feature","id":"fire","geometry":{"type":"Point","coordinates":[120,31]},"properties":{"radius":300}}}
            """)
        #expect(Self.roads(inside) == ["West Street", "East Street"])
        #expect((inside.object["inside"] as? [[String: Any]])?.first?["zones"] as? [String] == ["obstacle fire"])
        #expect((inside.object["detail"] as? String)?.contains("the start lies inside obstacle fire") == true)

        // East Street closed: the next route goes round.
        try server.store.write(WriteContext(actor: "test")) { tx in _ = try tx.delete(ids[1], from: Catalog.roads) }
        #expect(Self.roads(server.get("/route?from=120,31&to=120.02,31")) == ["North Lane", "Back Lane"])
    }

    @Test func badRequestsAre400sNamingTheFault() throws {
        let (server, _) = try Self.corridorServer()
        func detail(_ r: TestServer.Reply) -> String {
            #expect(r.status == 400 && r.headers["content-type"] == "application/problem+json")
            return r.object["detail"] as? String ?? ""
        }
        #expect(detail(server.get("/route?to=120,31")).contains("from=lon,lat"))
        #expect(detail(server.get("/route?from=abc&to=120,31")).contains("from must be lon,lat"))
        #expect(detail(server.get("/route?from=121,31&to=120,31")).contains("more than 500 m from any road"))
        #expect(detail(server.get("/route?from=120,31&to=120.02,31&avoid=purple")).contains("'purple' is not a risk level"))
        #expect(detail(server.get("/route?from=120,31&to=120.02,31&preference=slowest")).contains("preference must be"))
        #expect(detail(server.get("/route?from=120,31&to=120.02,31&bogus=1")).contains("bogus"))
        #expect(detail(server.get("/route?from=120,31&via=120.01&to=120.02,31")).contains("via must be lon,lat"))
        let vias = Array(repeating: "120.01,31", count: 24).joined(separator: ";")
        #expect(detail(server.get("/route?from=120,31&via=\(vias)&to=120.02,31")).contains("2 to 25 waypoints"))
        #expect(detail(Self.post(server, "{")).contains("not JSON"))
        #expect(detail(Self.post(server, #"{"waypoints":{"type":"Point","coordinates":[120,31]}}"#)).contains("MultiPoint"))
        #expect(detail(Self.post(server, #"{"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]},"speed":3}"#)).contains("unknown member 'speed'"))
        let many = (0..<201).map { _ in #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.5,31.5]},"properties":{"radius":10}}"# }
        let tooMany = #"{"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]},"obstacles":{"type":"FeatureCollection","features":["#
            + many.joined(separator: ",") + "]}}"
        #expect(detail(Self.post(server, tooMany)).contains("at most 200 obstacles"))
        let huge = #"{"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]},"obstacles":{"type":"Feature","geometry":{"type":"Point","coordinates":[120.5,31.5]},"properties":{"radius":80000}}}"#
        #expect(detail(Self.post(server, huge)).contains("at most 400 km"))
        let infinite = huge.replacingOccurrences(of: "80000", with: "200000")
        #expect(detail(Self.post(server, infinite)).contains("radius must be above 0"))
        let far = huge.replacingOccurrences(of: "[120.5,31.5]", with: "[500,31.5]").replacingOccurrences(of: "80000", with: "10")
        #expect(detail(Self.post(server, far)).contains("beyond longitude/latitude"))
        #expect(detail(server.get("/route?from=nan,31&to=120,31")).contains("from must be lon,lat"))
        #expect(detail(server.get("/route?from=120,31&to=120.02,31&avoid_mode=maybe")).contains("avoid_mode must be"))
    }

    @Test func theDemoCityRoutesAroundMajorRisks() throws {
        let server = try TestServer()
        // Two road ends far apart in the city.
        var ends: [Coordinate] = []
        try server.store.read { r in
            try r.connection.scan(Catalog.roads, fields: []) { row in
                if case .lineString(let line) = try row.withGeometry({ try SpatiaLiteBlob.decode($0).geometry }) { ends.append(line[0]) }
            }
        }
        let from = ends.min { $0.x + $0.y < $1.x + $1.y }!, to = ends.max { $0.x + $0.y < $1.x + $1.y }!
        let r = server.get("/route?from=\(from.x),\(from.y)&to=\(to.x),\(to.y)&avoid=major,significant")
        #expect(r.status == 200 && r.object["status"] as? String == "ok")
        let features = r.object["features"] as? [[String: Any]] ?? []
        #expect(features.count == 2)
        let length = (features.first?["properties"] as? [String: Any])?["length_m"] as? Double ?? 0
        let direct = (features.last?["properties"] as? [String: Any])?["length_m"] as? Double ?? 0
        #expect(length >= direct && direct > 1000)
    }

    @Test func isochronesFromAPointAndFromEveryFireStation() throws {
        let (corridor, _) = try Self.corridorServer()
        let r = corridor.get("/isochrone?from=120,31&minutes=1,3")
        #expect(r.status == 200 && r.headers["content-type"] == "application/geo+json")
        let features = r.object["features"] as? [[String: Any]] ?? []
        #expect(features.map { ($0["properties"] as? [String: Any])?["minutes"] as? Double } == [3, 1])
        #expect((features.first?["geometry"] as? [String: Any])?["type"] as? String == "MultiPolygon")
        #expect(corridor.get("/isochrone?minutes=5").status == 400)
        #expect(corridor.get("/isochrone?from=120,31&minutes=five").status == 400)
        #expect(corridor.get("/isochrone?from=120,31&minutes=90").status == 400)

        let demo = try TestServer()
        let stations = demo.get("/isochrone?from=fire_stations&minutes=5&avoid=major")
        #expect(stations.status == 200)
        #expect((stations.object["sources"] as? Int ?? 0) > 0)
        #expect((stations.object["features"] as? [[String: Any]])?.count == 1)
    }

    @Test func coverageNamesWhatNoFireStationReachesInTime() throws {
        let (server, _) = try Self.corridorServer()
        try server.store.write(WriteContext(actor: "test")) { tx in
            _ = try tx.insert(Feature(geometry: .point(Coordinate(120, 31)), properties: ["name": "West station", "kind": "fire_station_1"]),
                              into: Catalog.resources)
            // A school half a block from the station (~48 s); a mall half way up Back Lane (~246 s round by East Street).
            _ = try tx.insert(Feature(geometry: .point(Coordinate(120.005, 31)), properties: ["name": "School", "category": "school"]),
                              into: Catalog.sites)
            _ = try tx.insert(Feature(geometry: .point(Coordinate(120.02, 31.005)), properties: ["name": "Mall", "category": "mall", "capacity": 3000]),
                              into: Catalog.sites)
            _ = try tx.insert(Feature(geometry: .point(Coordinate(120.01, 31.0005)), properties: ["name": "Gas Co", "sector": "gas"]),
                              into: Catalog.riskSources)
        }
        // Two minutes: the mall is a gap, measured up to three times the limit; the enterprise (~95 s) is reached.
        let r = server.get("/analysis/coverage?minutes=2&enterprises=true")
        #expect(r.status == 200 && r.headers["content-type"] == "application/geo+json")
        let c = r.object["coverage"] as? [String: Any] ?? [:]
        #expect((c["sites"] as? [String: Int]) == ["total": 2, "uncovered": 1])
        #expect((c["enterprises"] as? [String: Int]) == ["total": 1, "reached": 1])
        let stations = c["stations"] as? [[String: Any]] ?? []
        #expect(stations.count == 1 && stations.first?["name"] as? String == "West station")
        #expect(stations.first?["enterprises_first"] as? Int == 1 && stations.first?["sites_first"] as? Int == 2)
        let features = (r.object["features"] as? [[String: Any]] ?? []).map { $0["properties"] as? [String: Any] ?? [:] }
        #expect(features.map { $0["name"] as? String } == ["Mall", "Gas Co"])
        let mall = features.first ?? [:]
        #expect(mall["covered"] as? Bool == false && mall["station"] as? String == "West station" && mall["capacity"] as? Int == 3000)
        #expect(abs((mall["minutes"] as? Double ?? 0) - 4.1) <= 0.1)
        #expect(features.last?["covered"] as? Bool == true && abs((features.last?["minutes"] as? Double ?? 0) - 1.6) <= 0.1)
        // One minute: the mall lies beyond three times the limit, so its time is unknown; five minutes reach it.
        let one = (server.get("/analysis/coverage?minutes=1").object["features"] as? [[String: Any]] ?? []).map { $0["properties"] as? [String: Any] ?? [:] }
        #expect(one.map { $0["name"] as? String } == ["Mall"] && one.first?["minutes"] is NSNull)
        let five = server.get("/analysis/coverage?minutes=5").object["coverage"] as? [String: Any] ?? [:]
        #expect((five["sites"] as? [String: Int]) == ["total": 2, "uncovered": 0])
        #expect(server.get("/analysis/coverage?minutes=1,5").status == 400)
        #expect(server.get("/analysis/coverage?minutes=0").status == 400)
        #expect(server.get("/analysis/coverage?enterprises=maybe").status == 400)

        let demo = try TestServer()
        let city = demo.get("/analysis/coverage")
        #expect(city.status == 200)
        let figures = city.object["coverage"] as? [String: Any] ?? [:]
        #expect(((figures["cells"] as? [String: Int])?["total"] ?? 0) > 0)
        #expect(((figures["enterprises"] as? [String: Int])?["total"] ?? 0) > 0)
        #expect((figures["stations_on_road"] as? Int ?? 0) > 0)
        // The unreached red and orange cells come outlined, one MultiPolygon per class, counting them all.
        let areas = (city.object["features"] as? [[String: Any]] ?? []).filter { ($0["properties"] as? [String: Any])?["kind"] as? String == "cells" }
        let counted = areas.reduce(0) { $0 + (($1["properties"] as? [String: Any])?["cells"] as? Int ?? 0) }
        #expect(counted == (figures["cells"] as? [String: Int])?["uncovered"])
        for a in areas {
            let polygons = (a["geometry"] as? [String: Any])?["coordinates"] as? [[[[Double]]]] ?? []
            #expect(!polygons.isEmpty && polygons.allSatisfy { $0.allSatisfy { $0.count >= 5 && $0.first == $0.last } })
        }
        // A fire engine that may not cross major hazards' zones leaves more cells unreached.
        let avoiding = demo.get("/analysis/coverage?avoid=major&avoid_mode=ban").object["coverage"] as? [String: Any] ?? [:]
        #expect(((avoiding["cells"] as? [String: Int])?["uncovered"] ?? 0) >= ((figures["cells"] as? [String: Int])?["uncovered"] ?? 0))
    }

    /// The coverage gaps as vector tiles, read back by mapbox-vector-tile: the uncovered mall in the tile under it
    /// with its time, none in a tile far away, and a write (the mall moved next to the station) seen by the next
    /// tile although the coverage was kept.
    @Test func coverageGapsAsTiles() throws {
        let (server, _) = try Self.corridorServer()
        let mall = try server.store.write(WriteContext(actor: "test")) { tx -> Int64 in
            _ = try tx.insert(Feature(geometry: .point(Coordinate(120, 31)), properties: ["name": "West station", "kind": "fire_station_1"]),
                              into: Catalog.resources)
            return try tx.insert(Feature(geometry: .point(Coordinate(120.02, 31.005)), properties: ["name": "Mall", "category": "mall"]),
                                 into: Catalog.sites).id!
        }
        let t = try TileID.containing(Coordinate(120.02, 31.005), zoom: 14)
        let path = "/tiles/analysis/coverage/\(t.z)/\(t.x)/\(t.y).mvt?minutes=2"
        let reply = server.get(path)
        #expect(reply.status == 200 && reply.headers["content-type"] == "application/vnd.mapbox-vector-tile")
        let sites = (try decodeTile(reply.body)["coverage"] ?? []).map { $0["properties"] as? [String: Any] ?? [:] }
        #expect(sites.count == 1 && sites.first?["name"] as? String == "Mall" && sites.first?["kind"] as? String == "site", "\(sites)")
        #expect(abs((sites.first?["seconds"] as? Double ?? 0) - 246) <= 6, "\(sites)")
        let far = try TileID.containing(Coordinate(121, 32), zoom: 14)
        #expect(server.get("/tiles/analysis/coverage/\(far.z)/\(far.x)/\(far.y).mvt?minutes=2").status == 204)
        try server.store.write(WriteContext(actor: "test")) { tx in
            _ = try tx.update(mall, in: Catalog.sites, with: Feature(geometry: .point(Coordinate(120.005, 31))), merge: true)
        }
        #expect(server.get(path).status == 204)
        #expect(server.get("/tiles/analysis/coverage/\(t.z)/\(t.x)/\(t.y).mvt?minutes=0").status == 400)
        #expect(server.get("/tiles/analysis/coverage/40/0/0.mvt").status == 400)
    }

    @Test func pipelineHighConsequenceAreasOverHTTP() throws {
        let demo = try TestServer()
        let all = demo.get("/analysis/pipeline-hca")
        #expect(all.status == 200 && all.headers["content-type"] == "application/geo+json")
        let features = all.object["features"] as? [[String: Any]] ?? []
        #expect(!features.isEmpty && all.object["numberMatched"] as? Int == features.count)
        for f in features {
            let p = f["properties"] as? [String: Any] ?? [:]
            let (from, to, r) = (p["from_m"] as? Double ?? 0, p["to_m"] as? Double ?? 0, p["impact_radius_m"] as? Double ?? 0)
            #expect((1...3).contains(p["grade"] as? Int ?? 0) && to > from && r > 0)
            #expect(!((p["sites"] as? [[String: Any]]) ?? []).isEmpty)
            #expect((f["geometry"] as? [String: Any])?["type"] as? String == "LineString")
        }
        let serious = demo.get("/analysis/pipeline-hca?grade=3").object["features"] as? [[String: Any]] ?? []
        #expect(serious.count == features.filter { ($0["properties"] as? [String: Any])?["grade"] as? Int == 3 }.count)
        #expect(demo.get("/analysis/pipeline-hca?grade=4").status == 400)
        #expect(demo.get("/analysis/pipeline-hca?bbox=1,2,3").status == 400)
    }
}
