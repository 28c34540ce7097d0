import Foundation
@_spi(RawSQL) import Store
import Testing

/// Safety scores over a real server: an editor records events, anyone who reads sees the year, other roles may not score.
@Suite struct ScoreAPITests {
    @Test func eventsAreRecordedByEditorsAndTheYearIsRead() throws {
        let server = try TestServer()
        let id = try server.store.read { try $0.connection.scalar("SELECT min(fid) FROM risk_sources").intValue ?? 1 }
        let editor = try server.token(.editor)
        func post(_ json: String, token: String?) -> TestServer.Reply {
            var headers = ["Content-Type": "application/json"]
            if let token { headers["Authorization"] = "Bearer \(token)" }
            return server.request("POST", "/enterprises/\(id)/score-events", headers: headers, body: Data(json.utf8))
        }
        let year = String(Timestamp.now().prefix(4))
        let first = post(#"{"indicator":"D01","date":"\#(year)-01-15","note":"重大隐患"}"#, token: editor)
        #expect(first.status == 201, "\(first.text)")
        #expect(first.object["score"] as? Int == 8 && first.object["tier"] as? String == "county")
        let read = server.get("/enterprises/\(id)/score")
        #expect(read.status == 200)
        let events = read.object["events"] as? [[String: Any]] ?? []
        #expect(events.count == 1 && events.first?["group"] as? String == "重大事故隐患" && events.first?["by"] as? String == "token 1 'test editor' (editor)")
        #expect(try server.store.read { try $0.feature(id, in: Catalog.riskSources)?["safety_score"] } == 8)
        // Refusals: a viewer, no token, an unknown indicator, a bad date, an unknown enterprise; nothing recorded.
        #expect(post(#"{"indicator":"D01","date":"\#(year)-01-15"}"#, token: try server.token(.viewer)).status == 403)
        #expect(post(#"{"indicator":"D01","date":"\#(year)-01-15"}"#, token: nil).status == 401)
        #expect(post(#"{"indicator":"Q1","date":"\#(year)-01-15"}"#, token: editor).status == 400)
        #expect(post(#"{"indicator":"D01","date":"yesterday"}"#, token: editor).status == 400)
        #expect(post(#"{"indicator":"D01","date":"\#(year)-01-15","points":-99}"#, token: editor).status == 400)
        #expect(server.request("POST", "/enterprises/99999/score-events", headers: ["Authorization": "Bearer \(editor)", "Content-Type": "application/json"],
                               body: Data(#"{"indicator":"D01","date":"2026-01-15"}"#.utf8)).status == 404)
        #expect((server.get("/enterprises/\(id)/score").object["events"] as? [Any])?.count == 1)
        // The same as a new item of score_events, naming the enterprise in the body.
        func postItem(_ json: String, token: String?) -> TestServer.Reply {
            server.request("POST", "/collections/score_events/items", headers: ["Authorization": "Bearer \(token ?? "")", "Content-Type": "application/json"],
                           body: Data(json.utf8))
        }
        let item = postItem(#"{"enterprise":\#(id),"indicator":"B02","date":"\#(year)-02-01"}"#, token: editor)
        #expect(item.status == 201 && item.object["score"] as? Int == 5, "\(item.text)")
        #expect(postItem(#"{"indicator":"B02","date":"\#(year)-02-01"}"#, token: editor).status == 400)
        #expect(postItem(#"{"enterprise":\#(id),"indicator":"B02","date":"\#(year)-02-01"}"#, token: try server.token(.planner)).status == 403)
        #expect((server.get("/enterprises/\(id)/score").object["events"] as? [Any])?.count == 2)
        #expect(server.get("/enterprises/\(id)/score?year=1800").status == 400)
        #expect(server.get("/enterprises/99999/score").status == 404)
    }

    @Test func plansAreDraftedAsGeoJSONAndAsGB18030CSV() throws {
        let server = try TestServer()
        let draft = server.get("/plans/draft?period=2027")
        #expect(draft.status == 200 && draft.headers["content-type"] == "application/geo+json")
        let features = draft.object["features"] as? [[String: Any]] ?? []
        let total = try server.store.read { try $0.count(Catalog.riskSources) }
        // The small demo has fewer enterprises than the city's quota: every one planned, once, at the city level.
        #expect(features.count == min(total, 150 + 2_397 + 5_717))
        let ids = features.compactMap { ($0["properties"] as? [String: Any])?["enterprise"] as? Int }
        #expect(Set(ids).count == ids.count)
        let csv = server.get("/plans/draft?period=2027&f=csv&encoding=gb18030")
        #expect(csv.status == 200 && csv.headers["content-type"] == "text/csv; charset=gb18030")
        #expect(String(data: csv.body, encoding: .utf8) == nil, "GB18030, not UTF-8")
        #expect(csv.body.split(separator: 0x0A).count == features.count + 1)
        #expect(server.get("/plans/draft").status == 400 && server.get("/plans/draft?period=2027&level=province").status == 400)
        #expect(server.get("/plans/draft?period=2027&encoding=gb18030").status == 400)
    }
}
