import Foundation
@testable import Service
import Testing

/// The one wrapper every handler runs behind: it enforces each endpoint's declared access and query
/// parameters, and /openapi.json lists exactly what each endpoint declares.
@Suite struct GateTests {
    @Test func readsWithoutATokenAre401BeforeAnyParameterIsLookedAt() throws {
        let server = try TestServer(demo: false) { $0.anonymousReads = false }
        for path in ["/collections/risks/items", "/grid/explain?lon=120.62&lat=31.31", "/areas/1/summary", "/grid?bogus=1", "/collections?bogus=1"] {
            let r = server.get(path)
            #expect(r.status == 401, "\(path) → \(r.status)")
            #expect(r.headers["www-authenticate"]?.hasPrefix("Bearer") == true, "\(path)")
        }
        let viewer = try server.token(.viewer)
        #expect(server.get("/collections?bogus=1", headers: ["Authorization": "Bearer \(viewer)"]).status == 400)
        #expect(server.get("/health").status == 200)
    }

    @Test func everyAnswerCarriesTheHandlersTimeInMilliseconds() throws {
        let server = try TestServer(demo: false)
        let timing = server.get("/health").headers["server-timing"] ?? ""
        #expect(timing.range(of: #"^app;dur=[0-9]+\.[0-9]{3}$"#, options: .regularExpression) != nil, "\(timing)")
        #expect(Gate.milliseconds(0) == "0.000")
        #expect(Gate.milliseconds(0.000_7344) == "0.734")
        #expect(Gate.milliseconds(0.012_05) == "12.050")
        #expect(Gate.milliseconds(1.5) == "1500.000")
        #expect(Gate.milliseconds(-1) == "0.000")
    }

    @Test func undeclaredParametersAre400NamingTheDeclaredOnes() throws {
        let server = try TestServer(demo: false)
        let cases: [(String, String)] = [
            ("/collections?bogus=1", "unknown query parameter 'bogus'; use f"),
            ("/grid/explain?lon=120.62&lat=31.31&bogus=1", "unknown query parameter 'bogus'; use lon, lat, at"),
            ("/tiles/risks/12/3422/1672.mvt?zoom=3", "unknown query parameter 'zoom'; use at"),
            ("/health?verbose=1", "unknown query parameter 'verbose'; this endpoint takes none"),
            ("/collections/risks/items?bogus=1", "or a property of risks: "),
        ]
        for (path, needle) in cases {
            let r = server.get(path)
            #expect(r.status == 400, "\(path) → \(r.status)")
            #expect(r.headers["content-type"] == "application/problem+json")
            #expect((r.object["detail"] as? String ?? "").contains(needle), "\(path): \(r.text)")
        }
        // The items endpoint also takes a property of its layer as a filter, and its own parameters.
        #expect(server.get("/collections/risks/items?level=major&limit=5&f=json").status == 200)
        #expect(server.get("/?f=json").status == 200)
    }

    @Test func theOpenAPIDocumentListsEachEndpointsDeclaredParameters() throws {
        let server = try TestServer(demo: false)
        let doc = server.get("/openapi.json").object
        let paths = try #require(doc["paths"] as? [String: [String: [String: Any]]])
        let components = try #require((doc["components"] as? [String: Any])?["parameters"] as? [String: Any])
        func parameters(_ method: String, _ path: String) -> (path: [String], query: [String]) {
            let listed = paths[path]?[method]?["parameters"] as? [[String: Any]] ?? []
            let query = listed.compactMap { ($0["$ref"] as? String)?.replacingOccurrences(of: "#/components/parameters/", with: "") }
            return (listed.compactMap { $0["in"] as? String == "path" ? $0["name"] as? String : nil }, query)
        }
        let expected: [(String, String, [String], [String])] = [
            ("get", "/grid", [], ["bbox", "cell", "level", "zoom", "at"]),
            ("get", "/grid/explain", [], ["lon", "lat", "at"]),
            ("get", "/areas", [], ["level", "at"]),
            ("get", "/areas/{areaId}/summary", ["areaId"], ["at"]),
            ("get", "/collections/{collectionId}/items", ["collectionId"], ["bbox", "bbox-crs", "limit", "offset", "datetime", "q", "sortby", "properties", "filter", "filter-lang", "filter-crs", "f"]),
            ("get", "/collections/sites/items", [], ["bbox", "bbox-crs", "limit", "offset", "datetime", "q", "sortby", "properties", "filter", "filter-lang", "filter-crs", "f"]),
            ("get", "/tiles/{tileset}/{z}/{x}/{y}", ["tileset", "z", "x", "y"], ["at"]),
            ("post", "/imports", [], ["layer", "format", "mapping", "crs", "mode", "key", "skip_invalid", "link"]),
            ("post", "/collections/{collectionId}/items", ["collectionId"], []),
            ("get", "/health", [], []),
        ]
        for (method, path, pathNames, query) in expected {
            let listed = parameters(method, path)
            #expect(listed.path == pathNames, "\(method) \(path)")
            #expect(listed.query == query, "\(method) \(path)")
        }
        // Every reference resolves, and writes say they need a token; POST /routes and the analysis POSTs are reads
        // (a body that is a question, not a change), as GET /collections is.
        let readPosts: Set<String> = ["/routes", "/analysis/nearby", "/processes/site-check/execution"]
        for (path, operations) in paths {
            for (method, operation) in operations {
                for name in parameters(method, path).query { #expect(components[name] != nil, "\(method) \(path): \(name) is not in components") }
                #expect((operation["security"] != nil) == (method != "get" && !readPosts.contains(path)), "\(method) \(path)")
            }
        }
    }
}
