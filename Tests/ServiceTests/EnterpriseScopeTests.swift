import Foundation
@_spi(RawSQL) import Store
import Testing

/// An enterprise token acts only for the risk sources it was made for: another enterprise's risks and
/// reports cannot be renamed, re-assigned or deleted with it, and a refused write changes nothing.
@Suite(.serialized) struct EnterpriseScopeTests {
    let server: TestServer
    init() throws { server = try TestServer() }

    /// A risk of `source` from the demo city.
    func risk(of source: Int64) throws -> Int64 {
        try #require(try server.store.read { r in
            try r.connection.scalar("SELECT fid FROM risks WHERE source_id = ? ORDER BY fid LIMIT 1", [.integer(source)]).intValue
        })
    }

    @Test func anotherEnterprisesRisksAreOutOfReach() throws {
        let (mine, theirs): (Int64, Int64) = (1, 2)
        let token = try server.token(.enterprise, sources: [mine])
        let victim = try risk(of: theirs)
        let before = try server.fingerprint()
        let rename = server.send("PATCH", "/collections/risks/items/\(victim)", token: token, json: #"{"type":"Feature","properties":{"name":"renamed"}}"#)
        #expect(rename.status == 403, "\(rename.text)")
        let take = server.send("PATCH", "/collections/risks/items/\(victim)", token: token, json: #"{"type":"Feature","properties":{"source_id":\#(mine)}}"#)
        #expect(take.status == 403)
        #expect(server.send("DELETE", "/collections/risks/items/\(victim)", token: token, json: "").status == 403)
        let planted = server.send("POST", "/collections/risks/items", token: token,
                                  json: #"{"type":"Feature","geometry":null,"properties":{"source_id":\#(theirs),"name":"planted","level":"low"}}"#)
        #expect(planted.status == 403)
        let report = server.send("POST", "/collections/reports/items", token: token, json: #"""
            {"type":"Feature","geometry":{"type":"Point","coordinates":[120.62,31.31]},"properties":{"reporter":"x","source_id":\#(theirs),
             "activity":"hot_work","level":"general","valid_from":"2026-12-01T00:00:00Z","valid_to":"2026-12-02T00:00:00Z"}}
            """#)
        #expect(report.status == 403, "\(report.text)")
        #expect(try server.fingerprint() == before, "a refused write changed something")
        let victimNow = server.get("/collections/risks/items/\(victim)").object["properties"] as? [String: Any]
        #expect(victimNow?["source_id"] as? Int == Int(theirs))
    }

    @Test func itsOwnRisksAreItsToChange() throws {
        let token = try server.token(.enterprise, sources: [1])
        let own = try risk(of: 1)
        #expect(server.send("PATCH", "/collections/risks/items/\(own)", token: token, json: #"{"type":"Feature","properties":{"name":"own"}}"#).status == 200)
        // Giving its own risk away is refused too: the feature would leave its sources.
        #expect(server.send("PATCH", "/collections/risks/items/\(own)", token: token, json: #"{"type":"Feature","properties":{"source_id":2}}"#).status == 403)
        // One source: a new risk need not name it.
        let created = server.send("POST", "/collections/risks/items", token: token,
                                  json: #"{"type":"Feature","geometry":null,"properties":{"name":"new","level":"low"}}"#)
        #expect(created.status == 201, "\(created.text)")
        #expect((created.object["properties"] as? [String: Any])?["source_id"] as? Int == 1)
    }

    @Test func anEnterpriseTokenMustNameItsSources() throws {
        #expect(throws: StoreError.self) { try server.token(.enterprise, sources: []) }
        #expect(throws: StoreError.self) { try server.token(.editor, sources: [1]) }
        #expect(throws: StoreError.self) { try server.token(.enterprise, sources: [999_999]) }
    }
}

/// Guessing tokens: past the configured number of bad tokens an address gets 429, even with a good token.
@Suite struct TokenGuessingTests {
    @Test func badTokensFromOneAddressAreThrottled() throws {
        let server = try TestServer(demo: false) { $0.authFailuresPerMinute = 3 }
        let good = try server.token(.editor)
        let site = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.62,31.31]},"properties":{"name":"s","category":"school"}}"#
        #expect(server.send("POST", "/collections/sites/items", token: good, json: site).status == 201)
        for _ in 0..<3 { #expect(server.send("POST", "/collections/sites/items", token: "rmk_guess", json: site).status == 401) }
        let throttled = server.send("POST", "/collections/sites/items", token: "rmk_guess", json: site)
        #expect(throttled.status == 429)
        #expect(Int(throttled.headers["retry-after"] ?? "") ?? 0 > 0)
        #expect(server.send("POST", "/collections/sites/items", token: good, json: site).status == 429)
    }
}

/// Values no register means: a window that ends before it starts, text with a NUL in it.
@Suite struct NonsenseValueTests {
    @Test func aWindowEndingBeforeItStartsIsRefused() throws {
        let server = try TestServer(demo: false)
        let token = try server.token(.editor)
        let before = try server.fingerprint()
        let r = server.send("POST", "/collections/reports/items", token: token, json: #"""
            {"type":"Feature","geometry":{"type":"Point","coordinates":[120.62,31.31]},"properties":{"reporter":"x","activity":"hot_work",
             "level":"general","valid_from":"2026-12-02T00:00:00Z","valid_to":"2026-12-01T00:00:00Z"}}
            """#)
        #expect(r.status == 400)
        #expect(r.text.contains("valid_to"))
        let nul = server.send("POST", "/collections/sites/items", token: token,
                              json: #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.62,31.31]},"properties":{"name":"a\u0000b","category":"school"}}"#)
        #expect(nul.status == 400, "\(nul.text)")
        let twice = server.send("POST", "/collections/sites/items", token: token,
                                json: #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.62,31.31]},"properties":{"name":"a","name":"b","category":"school"}}"#)
        #expect(twice.status == 400)
        #expect(twice.text.contains("twice"))
        #expect(try server.fingerprint() == before)
    }
}
