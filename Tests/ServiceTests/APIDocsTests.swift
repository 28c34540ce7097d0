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
        // A layer's own items paths (for GIS clients) are documented by the template they instantiate.
        let layers = Set(((server.get("/collections").object["collections"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
        #expect(layers.count >= 9)
        for (path, operations) in paths {
            let parts = path.split(separator: "/")
            if parts.count >= 3, parts[0] == "collections", layers.contains(String(parts[1])), parts[2] == "items" {
                #expect(paths["/collections/{collectionId}/items" + (parts.count == 4 ? "/{featureId}" : "")] != nil)
                continue
            }
            for method in operations.keys {
                #expect(doc.contains("`\(method.uppercased()) \(path)`"), "docs/API.md lacks \(method.uppercased()) \(path)")
            }
        }
    }
}
