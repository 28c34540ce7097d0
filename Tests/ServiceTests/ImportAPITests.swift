import Foundation
@_spi(RawSQL) import Store
import Testing

/// POST /imports: the same import as the CLI, for admins, over HTTP.
@Suite(.serialized) struct ImportAPITests {
    static let registers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/registers")

    let server: TestServer

    init() throws { server = try TestServer(demo: false) }

    func post(_ file: String, _ query: String, token: String?) throws -> TestServer.Reply {
        let body = try Data(contentsOf: Self.registers.appendingPathComponent(file))
        var headers = ["Content-Type": "text/csv"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return server.request("POST", "/imports?" + query, headers: headers, body: body)
    }

    @Test func adminsImportARegisterAndInvalidRowsAreListed() throws {
        let admin = try server.token(.admin)
        let before = try server.fingerprint()
        let bad = try post("suzhou-risk-register-with-errors.gb18030.csv", "layer=risks&mapping=risk-register", token: admin)
        #expect(bad.status == 422, "\(bad.text.prefix(300))")
        #expect(bad.headers["content-type"] == "application/problem+json")
        let rejections = (bad.object["summary"] as? [String: Any])?["rejections"] as? [[String: Any]] ?? []
        #expect(rejections.count == 6)
        #expect(try server.fingerprint().dropLast() == before.dropLast(), "a rejected import changes nothing")

        let skipped = try post("suzhou-risk-register-with-errors.gb18030.csv", "layer=risks&mapping=risk-register&skip_invalid=true", token: admin)
        #expect(skipped.status == 200, "\(skipped.text.prefix(300))")
        #expect(skipped.object["imported"] as? Int == 24)
        #expect(skipped.object["rejected"] as? Int == 6)

        let clean = try post("suzhou-risk-register-sample.gb18030.csv", "layer=risks&mapping=risk-register&mode=append", token: admin)
        #expect(clean.status == 200, "\(clean.text.prefix(300))")
        #expect(clean.object["imported"] as? Int == 212)
        let audit = try server.store.read { try $0.connection.scalar("SELECT count(*) FROM audit WHERE action = 'import' AND actor LIKE '%POST /imports%'").intValue }
        #expect((audit ?? 0) >= 2)
        // The imported risks are served at once.
        #expect((server.get("/collections/risks/items?limit=1").object["numberMatched"] as? Int ?? 0) >= 236)
    }

    @Test func onlyAdminsAndOnlyShippedMappings() throws {
        #expect(try post("suzhou-risk-register-sample.gb18030.csv", "layer=risks&mapping=risk-register", token: nil).status == 401)
        #expect(try post("suzhou-risk-register-sample.gb18030.csv", "layer=risks&mapping=risk-register", token: server.token(.editor)).status == 403)
        let admin = try server.token(.admin)
        let escape = try post("suzhou-risk-register-sample.gb18030.csv", "layer=risks&mapping=..%2F..%2Fetc%2Fpasswd", token: admin)
        #expect(escape.status == 400)
        #expect(try post("suzhou-risk-register-sample.gb18030.csv", "layer=planets&mapping=risk-register", token: admin).status == 400)
        #expect(try post("suzhou-risk-register-sample.gb18030.csv", "layer=risks&mapping=risk-register&colour=red", token: admin).status == 400)
    }
}
