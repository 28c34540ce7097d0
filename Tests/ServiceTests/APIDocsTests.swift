import Foundation
import Testing

/// Every route the server answers is in /openapi.json (both come from one list) and in docs/API.md.
@Suite struct APIDocsTests {
    @Test func everyRouteIsDocumented() throws {
        let server = try TestServer(demo: false)
        let paths = (server.get("/openapi.json").object["paths"] as? [String: [String: Any]]) ?? [:]
        #expect(paths.count >= 9)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/API.md"), encoding: .utf8)
        for (path, operations) in paths {
            for method in operations.keys {
                #expect(doc.contains("`\(method.uppercased()) \(path)`"), "docs/API.md lacks \(method.uppercased()) \(path)")
            }
        }
    }
}
