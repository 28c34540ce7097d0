import Foundation
import TestSupport
@_spi(RawSQL) import Store
import Testing

/// Inspection plans over a real server: two departments store plans, the collision endpoint proposes one joint
/// inspection, a visit's result with a finding moves the enterprise's score; other roles may not plan.
@Suite struct InspectionPlanAPITests {
    func post(_ server: TestServer, _ path: String, _ json: String, token: String?) -> TestServer.Reply {
        var headers = ["Content-Type": "application/json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return server.request("POST", path, headers: headers, body: Data(json.utf8))
    }

    func plan(_ department: String, _ level: String, _ visits: [(Int64, String, String)]) -> String {
        let list = visits.map { #"{"enterprise":\#($0.0),"date":"\#($0.1)","items":["\#($0.2)"]}"# }.joined(separator: ",")
        return #"{"department":"\#(department)","level":"\#(level)","period":"2027","visits":[\#(list)]}"#
    }

    @Test func plansCollideIntoJointInspectionsAndResultsMoveTheScore() throws {
        let server = try TestServer()
        let (a, b) = try server.store.read { r in
            (try r.connection.scalar("SELECT min(fid) FROM risk_sources").intValue ?? 1, try r.connection.scalar("SELECT max(fid) FROM risk_sources").intValue ?? 2)
        }
        let editor = try server.token(.editor)
        let city = post(server, "/plans", plan("应急管理局", "city", [(a, "2027-04-10", "动火作业"), (b, "2027-04-10", "动火作业")]), token: editor)
        #expect(city.status == 201, "\(city.text)")
        #expect(city.object["visits"] as? Int == 2 && city.object["department"] as? String == "应急管理局")
        #expect(post(server, "/plans", plan("消防救援支队", "county", [(a, "2027-04-20", "消防设施")]), token: editor).status == 201)
        // Refused: the same plan again, a viewer, a bad date, an unknown enterprise, an unknown member.
        let viewer = try server.token(.viewer)
        let before = try server.fingerprint()
        #expect(post(server, "/plans", plan("应急管理局", "city", [(a, "2027-05-01", "x")]), token: editor).status == 409)
        #expect(post(server, "/plans", plan("交通运输局", "town", [(a, "2027-05-01", "x")]), token: viewer).status == 403)
        let bad = post(server, "/plans", plan("交通运输局", "town", [(a, "someday", "x")]), token: editor)
        #expect(bad.status == 400 && bad.text.contains("visit 1: date"))
        #expect(post(server, "/plans", plan("交通运输局", "town", [(99_999, "2027-05-01", "x")]), token: editor).status == 400)
        #expect(post(server, "/plans", #"{"department":"x","level":"town","period":"2027","visits":[],"owner":"me"}"#, token: editor).status == 400)
        #expect(try server.fingerprint() == before)

        let listed = server.get("/plans?period=2027").object["plans"] as? [[String: Any]] ?? []
        #expect(listed.count == 2)
        let collisions = server.get("/plans/collisions?from=2027-01-01&to=2027-12-31&window=30")
        #expect(collisions.status == 200 && collisions.headers["content-type"] == "application/geo+json")
        let summary = collisions.object["summary"] as? [String: Any] ?? [:]
        #expect(summary["planned_visits"] as? Int == 3 && summary["joint_inspections"] as? Int == 1 && summary["visits_saved"] as? Int == 1)
        let joint = (collisions.object["features"] as? [[String: Any]])?.first?["properties"] as? [String: Any] ?? [:]
        #expect(joint["enterprise"] as? Int == Int(a) && joint["lead"] as? String == "应急管理局" && joint["items"] as? [String] == ["动火作业", "消防设施"])
        #expect(server.get("/plans/collisions?window=9999").status == 400 && server.get("/plans/collisions?from=soon").status == 400)

        // The city plan's visits on the map; a result with a finding deducts points from the enterprise.
        let planID = try #require(city.object["id"] as? Int)
        let visits = server.get("/plans/\(planID)")
        let features = visits.object["features"] as? [[String: Any]] ?? []
        #expect(visits.status == 200 && features.count == 2 && (features.first?["geometry"] as? [String: Any])?["type"] as? String == "Point")
        let csv = server.get("/plans/\(planID)?f=csv&encoding=gb18030")
        #expect(csv.status == 200 && csv.headers["content-type"] == "text/csv; charset=gb18030" && String(data: csv.body, encoding: .utf8) == nil)
        // Decoded by Python's own GB18030 codec.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).csv")
        try csv.body.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let text = try CLI.python("-c", ["import sys; sys.stdout.write(open(sys.argv[1], 'rb').read().decode('gb18030'))", file.path]).stdout
        #expect(text.hasPrefix("visit,department,level,period,enterprise") && text.contains(",应急管理局,city,2027,") && text.split(separator: "\r\n").count == 3, "\(text)")
        let visitID = try #require(features.first { ($0["properties"] as? [String: Any])?["enterprise"] as? Int == Int(a) }?["id"] as? Int)
        let result = post(server, "/plans/\(planID)/visits/\(visitID)/result",
                          #"{"findings":[{"indicator":"D01","note":"储罐区未设置紧急切断"}],"hidden_dangers_found":2,"hidden_dangers_closed":0,"date":"2027-04-10"}"#,
                          token: editor)
        #expect(result.status == 200, "\(result.text)")
        #expect((result.object["visit"] as? [String: Any]).flatMap { ($0["properties"] as? [String: Any])?["status"] as? String } == "done")
        let score = server.get("/enterprises/\(a)/score?year=2027").object
        #expect(score["score"] as? Int == 8 && (score["events"] as? [[String: Any]])?.first?["indicator"] as? String == "D01")
        #expect(post(server, "/plans/\(planID)/visits/\(visitID)/result", #"{"findings":[]}"#, token: editor).status == 409)
        #expect(post(server, "/plans/\(planID)/visits/\(visitID + 1000)/result", #"{"findings":[]}"#, token: editor).status == 404)
        // A done visit leaves the collisions; deleting a plan takes its visits with it.
        #expect((server.get("/plans/collisions").object["summary"] as? [String: Any])?["joint_inspections"] as? Int == 0)
        let deleted = server.request("DELETE", "/plans/\(planID)", headers: ["Authorization": "Bearer \(editor)"])
        #expect(deleted.status == 204 && server.get("/plans/\(planID)").status == 404)
    }
}
