import Foundation
@_spi(RawSQL) import Store
import Testing

/// A worker's reads see every write committed before them, whatever the requests before them did: a handler
/// that leaves a statement on its row (an enterprise's score reads the enterprise by id) must not hold the
/// worker's read snapshot into its next requests. One worker, so every request meets the same connection.
@Suite struct ReadAfterWriteTests {
    @Test func aReadAfterAWriteSeesIt() throws {
        let server = try TestServer { $0.workers = 1 }
        let id = try server.store.read { try $0.connection.scalar("SELECT min(fid) FROM risk_sources").intValue ?? 1 }
        let editor = try server.token(.editor)
        for round in 1...3 {
            #expect(server.get("/enterprises/\(id)/score").status == 200)
            let name = "改名企业 \(round)"
            let patch = server.send("PATCH", "/collections/risk_sources/items/\(id)", token: editor, json: #"{"type":"Feature","properties":{"name":"\#(name)"}}"#)
            #expect(patch.status == 200, "\(patch.text)")
            let read = server.get("/collections/risk_sources/items/\(id)").object["properties"] as? [String: Any]
            #expect(read?["name"] as? String == name, "round \(round): \(read?["name"] ?? "nil")")
        }
    }
}
