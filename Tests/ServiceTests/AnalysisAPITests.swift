import Analysis
import Foundation
import GeoKit
import Store
import Testing

/// /analysis/nearby, the EDR radius and area queries and the site-check process over a real server, on a
/// hand-built neighbourhood: a major-hazard enterprise 150 m north of the origin (300 m safety distance), a
/// 610 mm 6.3 MPa gas pipeline 140 m east, a fire station 1.2 km west, a shelter 800 m south.
@Suite struct AnalysisAPITests {
    static let origin = Coordinate(120.60, 31.30)
    static func at(_ dx: Double, _ dy: Double) -> Coordinate { LocalPlane(origin: origin).unproject(dx, dy) }

    static func server(anonymousReads: Bool = true) throws -> (TestServer, enterprise: Int64) {
        let server = try TestServer(demo: false) { $0.anonymousReads = anonymousReads }
        let e = try server.store.write(WriteContext(actor: "test")) { tx in
            let e = try tx.insert(Feature(geometry: .point(at(0, 150)),
                                          properties: ["name": "甲化工", "sector": "hazardous_chemicals", "hazard_grade": 1, "safety_distance_m": 300]),
                                  into: Catalog.riskSources).id!
            _ = try tx.insert(Feature(geometry: .lineString([at(140, -2_000), at(140, 2_000)]),
                                      properties: ["name": "西气东输支线", "kind": "gas_transmission", "diameter_mm": 610, "maop_mpa": 6.3]), into: Catalog.pipelines)
            _ = try tx.insert(Feature(geometry: .point(at(-1_200, 0)), properties: ["name": "西站", "kind": "fire_station_1"]), into: Catalog.resources)
            _ = try tx.insert(Feature(geometry: .point(at(0, -800)), properties: ["name": "南公园", "kind": "shelter_emergency"]), into: Catalog.resources)
            return e
        }
        return (server, e)
    }

    static func features(_ r: TestServer.Reply) -> [[String: Any]] {
        ((r.object["features"] as? [[String: Any]]) ?? []).map { ($0["properties"] as? [String: Any]) ?? [:] }
    }

    @Test func nearbyAnswersSortedGeoJSONWithTheQueryEchoed() throws {
        let (server, e) = try Self.server()
        let r = server.get("/analysis/nearby?lon=120.6&lat=31.3&radius=2000")
        #expect(r.status == 200, "\(r.text)")
        #expect(r.headers["content-type"]?.hasPrefix("application/geo+json") == true)
        let hits = Self.features(r)
        #expect(hits.map { $0["layer"] as? String } == ["pipelines", "risk_sources"])
        #expect(abs((hits[0]["distance_m"] as? Double ?? 0) - 140) < 0.5)
        #expect(hits[0]["inside_impact_radius"] as? Bool == true)
        #expect(abs((hits[0]["impact_radius_m"] as? Double ?? 0) - 151.6) < 0.05)
        #expect(hits[1]["fid"] as? Int == Int(e) && hits[1]["colour"] as? String == "red" && hits[1]["inside_safety_distance"] as? Bool == true)
        #expect((r.object["query"] as? [String: Any])?["radius_m"] as? Double == 2000)
        let polygon = #"{"type":"Polygon","coordinates":[[[120.5995,31.3005],[120.6005,31.3005],[120.6005,31.302],[120.5995,31.302],[120.5995,31.3005]]]}"#
        let p = server.send("POST", "/analysis/nearby?radius=100&layers=risk_sources", token: nil, json: polygon)
        #expect(p.status == 200, "\(p.text)")
        #expect(Self.features(p).map { $0["distance_m"] as? Double } == [0])
    }

    @Test func edrRadiusAndAreaQueries() throws {
        let (server, e) = try Self.server()
        let r = server.get("/collections/risk_sources/radius?coords=POINT(120.6%2031.3)&within=0.2&within-units=km")
        #expect(r.status == 200, "\(r.text)")
        #expect(Self.features(r).map { $0["fid"] as? Int } == [Int(e)])
        #expect(Self.features(server.get("/collections/risk_sources/radius?coords=POINT(120.6%2031.3)&within=100&within-units=m")).isEmpty)
        let a = server.get("/collections/pipelines/area?coords=POLYGON((120.60%2031.29,120.61%2031.29,120.61%2031.31,120.60%2031.31,120.60%2031.29))")
        #expect(a.status == 200 && Self.features(a).count == 1, "\(a.text)")
        #expect(server.get("/collections/areas/radius?coords=POINT(120.6%2031.3)&within=1&within-units=km").status == 404)
        let units = server.get("/collections/risks/radius?coords=POINT(120.6%2031.3)&within=1")
        #expect(units.status == 400 && units.text.contains("within-units"))
    }

    @Test func limitsAre400sNamingTheLimit() throws {
        let (server, _) = try Self.server()
        for (path, words) in [("/analysis/nearby?lon=120.6&lat=31.3&radius=60000", "50000 m"),
                              ("/analysis/nearby?lon=120.6&lat=31.3&limit=5000", "1 to 1000"),
                              ("/analysis/nearby?lon=120.6&lat=31.3&layers=roads", "risk_sources"),
                              ("/analysis/nearby?lon=120.6&lat=31.3&levels=huge", "major"),
                              ("/analysis/nearby?lon=200&lat=31.3", "lon and lat"),
                              ("/collections/risks/radius?coords=POINT(120.6%2031.3)&within=51&within-units=km", "50 km")] {
            let r = server.get(path)
            #expect(r.status == 400 && r.headers["content-type"]?.contains("problem+json") == true && r.text.contains(words), "\(path): \(r.status) \(r.text)")
        }
        let ring = (0...1_000).map { i -> String in
            let t = Double(i) / 1_000 * 2 * Double.pi
            return "[\(120.6 + 0.01 * cos(t)),\(31.3 + 0.01 * sin(t))]"
        }
        let big = server.send("POST", "/analysis/nearby", token: nil, json: #"{"type":"Polygon","coordinates":[["# + ring.joined(separator: ",") + "]]}")
        #expect(big.status == 400 && big.text.contains("over the limit of 1000"), "\(big.text)")
        let wide = server.send("POST", "/analysis/nearby", token: nil, json: #"{"type":"Polygon","coordinates":[[[120,31],[121,31],[121,32],[120,31]]]}"#)
        #expect(wide.status == 400 && wide.text.contains("0.5°"), "\(wide.text)")
        let bad = server.send("POST", "/processes/site-check/execution", token: nil, json: #"{"inputs":{"lon":120.6,"lat":31.3,"use":"casino"}}"#)
        #expect(bad.status == 400 && bad.text.contains("kindergarten"), "\(bad.text)")
    }

    @Test func siteCheckProcess() throws {
        let (server, e) = try Self.server()
        let list = server.get("/processes")
        #expect(((list.object["processes"] as? [[String: Any]]) ?? []).map { $0["id"] as? String } == ["site-check"])
        #expect(server.get("/processes/site-check").object["inputs"] != nil)
        #expect(server.get("/processes/nothing").status == 404)
        let r = server.send("POST", "/processes/site-check/execution", token: nil,
                            json: #"{"inputs":{"site":{"type":"Point","coordinates":[120.6,31.3]},"use":"kindergarten"}}"#)
        #expect(r.status == 200, "\(r.text)")
        #expect(r.object["verdict"] as? String == "conflict")
        let reasons = (r.object["reasons"] as? [[String: Any]]) ?? []
        #expect(reasons.contains { ($0["reason"] as? String ?? "").contains("甲化工") && (($0["item"] as? [String: Any])?["fid"] as? Int) == Int(e) })
        #expect(reasons.contains { ($0["rule"] as? String ?? "").contains("GB 32167") && ($0["reason"] as? String ?? "").contains("151.6 m") })
        #expect((r.object["nearest_fire_station"] as? [String: Any])?["name"] as? String == "西站")
    }

    @Test func anEditReachesTheNextAnswer() throws {
        let (server, e) = try Self.server()
        #expect(Self.features(server.get("/analysis/nearby?lon=120.6&lat=31.3&radius=500&layers=risk_sources")).count == 1)
        let far = Self.at(0, 3_000)
        let moved = server.send("PATCH", "/collections/risk_sources/items/\(e)", token: try server.token(.admin),
                                json: #"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(far.x),\#(far.y)]},"properties":{}}"#)
        #expect(moved.status == 200, "\(moved.text)")
        #expect(Self.features(server.get("/analysis/nearby?lon=120.6&lat=31.3&radius=500&layers=risk_sources")).isEmpty)
        let report = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.3005]},"properties":{"reporter":"乙公司","activity":"hot_work","level":"significant","status":"active","source_id":\#(e),"valid_from":"2026-01-01T00:00:00Z","valid_to":"2027-01-01T00:00:00Z"}}"#
        #expect(server.send("POST", "/collections/reports/items", token: try server.token(.admin), json: report).status == 201)
        let hits = Self.features(server.get("/analysis/nearby?lon=120.6&lat=31.3&radius=500&layers=reports&at=2026-06-01T00:00:00Z"))
        #expect(hits.count == 1 && hits.first?["inside_impact_radius"] as? Bool == true)
        #expect(Self.features(server.get("/analysis/nearby?lon=120.6&lat=31.3&radius=500&layers=reports&at=2027-06-01T00:00:00Z")).isEmpty)
    }

    /// These are reads, as /collections are: without a token when reads need one, 401; an enterprise token
    /// reads what it reads from /collections, nothing more, and cannot write through them.
    @Test func accessIsThatOfReads() throws {
        let (server, _) = try Self.server(anonymousReads: false)
        #expect(server.get("/analysis/nearby?lon=120.6&lat=31.3").status == 401)
        #expect(server.send("POST", "/processes/site-check/execution", token: nil, json: #"{"inputs":{"lon":120.6,"lat":31.3,"use":"school"}}"#).status == 401)
        #expect(server.get("/collections/risk_sources/radius?coords=POINT(120.6%2031.3)&within=1&within-units=km").status == 401)
        let token = try server.token(.enterprise)
        let auth = ["Authorization": "Bearer \(token)"]
        let nearby = server.get("/analysis/nearby?lon=120.6&lat=31.3&radius=2000", headers: auth)
        #expect(nearby.status == 200)
        let items = server.get("/collections/risk_sources/items", headers: auth)
        #expect(items.status == 200)
        #expect(server.send("POST", "/processes/site-check/execution", token: token, json: #"{"inputs":{"lon":120.6,"lat":31.3,"use":"school"}}"#).status == 200)
        let before = try server.fingerprint()
        #expect(server.send("POST", "/processes/site-check/execution", token: token, json: #"{"inputs":{"lon":120.6,"lat":31.3,"use":"mall"}}"#).status == 200)
        #expect(try server.fingerprint() == before)
    }
}
