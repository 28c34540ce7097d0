import Foundation
import Testing
@_spi(RawSQL) import Store

@Suite(.serialized) struct WriteAPITests {
    let server: TestServer
    let school = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.62,31.31]},"properties":{"name":"新建实验学校","category":"学校","capacity":1800}}"#

    init() throws { server = try TestServer() }

    @Test func writesNeedATokenWithAWritingRole() throws {
        let before = try server.fingerprint()
        let none = server.send("POST", "/collections/sites/items", token: nil, json: school)
        #expect(none.status == 401)
        #expect(none.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        let wrong = server.send("POST", "/collections/sites/items", token: "rmk_not-a-real-token", json: school)
        #expect(wrong.status == 401)
        let viewer = server.send("POST", "/collections/sites/items", token: try server.token(.viewer), json: school)
        #expect(viewer.status == 403)
        let enterprise = server.send("POST", "/collections/sites/items", token: try server.token(.enterprise), json: school)
        #expect(enterprise.status == 403, "enterprises report risks, not sites")
        #expect(try server.fingerprint().dropLast() == before.dropLast(), "tokens were added to audit, no feature changed")
    }

    @Test func createReadPatchReplaceDeleteWithAudit() throws {
        let token = try server.token(.editor)
        let created = server.send("POST", "/collections/sites/items", token: token, json: school)
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.object["id"] as? Int)
        #expect(created.headers["location"] == "\(server.base)/collections/sites/items/\(id)")
        #expect((created.object["properties"] as? [String: Any])?["category"] as? String == "school")

        let read = server.get("/collections/sites/items/\(id)").object
        #expect((read["properties"] as? [String: Any])?["name"] as? String == "新建实验学校")

        let patched = server.send("PATCH", "/collections/sites/items/\(id)", token: token, json: #"{"type":"Feature","properties":{"capacity":2000}}"#)
        #expect(patched.status == 200, "\(patched.text)")
        let props = patched.object["properties"] as? [String: Any] ?? [:]
        #expect(props["capacity"] as? Int == 2000 && props["name"] as? String == "新建实验学校")

        let replaced = server.send("PUT", "/collections/sites/items/\(id)", token: token,
                                   json: #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.63,31.32]},"properties":{"name":"实验学校","category":"school"}}"#)
        #expect(replaced.status == 200)
        #expect((replaced.object["properties"] as? [String: Any])?["capacity"] is NSNull, "PUT replaces the whole feature")

        #expect(server.send("DELETE", "/collections/sites/items/\(id)", token: token, json: "").status == 204)
        #expect(server.get("/collections/sites/items/\(id)").status == 404)

        let audit = try server.store.read { r in
            let s = try r.connection.prepare("SELECT action, actor FROM audit WHERE layer = 'sites' AND feature_id = \(id) ORDER BY id")
            var out: [String] = []
            while try s.step() { out.append(s.text(0)! + " by " + s.text(1)!) }
            return out
        }
        #expect(audit.map { $0.split(separator: " ")[0] } == ["insert", "update", "update", "delete"])
        #expect(audit.allSatisfy { $0.contains("(editor)") })
    }

    @Test func invalidFeaturesAre400NamingTheProblemAndChangeNothing() throws {
        let token = try server.token(.editor)
        let before = try server.fingerprint()
        let cases: [(String, String, String)] = [
            ("sites", #"{"type":"Feature","geometry":{"type":"Point","coordinates":[220,31]},"properties":{"name":"x","category":"school"}}"#, "not a longitude/latitude"),
            ("sites", #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120,31]},"properties":{"name":"x","category":"spaceport"}}"#, "spaceport"),
            ("sites", #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120,31]},"properties":{"category":"school"}}"#, "name: is required"),
            ("areas", #"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]},"properties":{"name":"x","level":"town"}}"#, "Self-intersection"),
            ("areas", #"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0]]]},"properties":{"name":"x","level":"town"}}"#, "at least 4 positions"),
            ("resources", #"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{"name":"x","kind":"rescue_team"}}"#, "LineString is not allowed"),
            ("risks", #"{"type":"Feature","geometry":null,"properties":{"source_id":999999,"name":"x","level":"major"}}"#, "does not exist"),
            ("sites", #"{"type":"Feature","geometry":{"type":"Point","coordinates":["a",31]},"properties":{}}"#, "coordinates must be numbers"),
            ("sites", #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120,31]},"properties":{"name":"x","category":"school","secret":1}}"#, "unknown property 'secret'"),
            ("sites", "{not json", "not JSON"),
            ("sites", #"[1,2]"#, "a Feature must be an object"),
        ]
        for (layer, body, needle) in cases {
            let r = server.send("POST", "/collections/\(layer)/items", token: token, json: body)
            #expect(r.status == 400 || r.status == 409, "\(body) → \(r.status)")
            #expect(r.headers["content-type"] == "application/problem+json")
            #expect((r.object["detail"] as? String ?? "").contains(needle), "\(needle): \(r.text)")
        }
        let conflict = server.send("DELETE", "/collections/risk_sources/items/1", token: token, json: "")
        #expect(conflict.status == 409, "a source with risks cannot be deleted: \(conflict.text)")
        #expect(try server.fingerprint() == before)
    }

    @Test func enterprisesReportRisksAndColoursFollow() throws {
        let source = try server.store.read { try $0.connection.scalar("SELECT fid FROM risk_sources WHERE colour = 'blue' LIMIT 1").intValue! }
        let token = try server.token(.enterprise, sources: [source])
        let r = server.send("POST", "/collections/risks/items", token: token,
                            json: #"{"type":"Feature","geometry":null,"properties":{"source_id":\#(source),"name":"检修动火","level":"重大"}}"#)
        #expect(r.status == 201, "\(r.text)")
        let colour = (server.get("/collections/risk_sources/items/\(source)").object["properties"] as? [String: Any])?["colour"] as? String
        #expect(colour == "red", "the enterprise turns red in the same write")
    }
}

@Suite struct ClosedReadsTests {
    @Test func readsNeedATokenWhenAnonymousReadsAreOff() throws {
        let server = try TestServer(demo: false) { $0.anonymousReads = false }
        #expect(server.get("/collections/risks/items").status == 401)
        let viewer = try server.token(.viewer)
        #expect(server.get("/collections/risks/items", headers: ["Authorization": "Bearer \(viewer)"]).status == 200)
        #expect(server.get("/health").status == 200, "health stays open for load balancers")
        // Every other route is closed too, as CONFIG.md says (metrics, the API description and the style were open).
        for path in ["/", "/conformance", "/metrics", "/openapi.json", "/style.json", "/tiles", "/tiles/risks.json",
                     "/tiles/risks/12/3422/1672.mvt", "/viewer/viewer.js", "/grid", "/areas"] {
            #expect(server.get(path).status == 401, "\(path) answers without a token")
            #expect(server.get(path, headers: ["Authorization": "Bearer \(viewer)"]).status != 401, "\(path) refuses a valid token")
        }
    }
}
