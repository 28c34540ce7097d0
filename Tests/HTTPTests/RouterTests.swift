import Testing
@testable import HTTP

struct RouterTests {
    func router() throws -> Router<Int> {
        var b = RouterBuilder<Int>()
        b.get("/") { _, _ in .text("root") }
        b.get("/collections/{id}") { r, _ in .text("c:" + r.parameters["id"]!) }
        b.get("/collections/{id}/items") { r, _ in .text("items:" + r.parameters["id"]!) }
        b.post("/collections/{id}/items") { _, _ in .text("post") }
        b.get("/collections/special") { _, _ in .text("special") }
        b.get("/static/*") { r, _ in .text("static:" + r.parameters["*"]!) }
        return try b.build()
    }

    func route(_ r: Router<Int>, _ method: HTTPMethod, _ path: String) -> String {
        switch r.match(method, path: Substring(path)) {
        case .found(let route, let p):
            var request = try! Request(method: method, target: path)
            request.parameters = p
            var context = 0
            guard case .bytes(let b) = try! route.handler(request, &context).body else { return "?" }
            return String(decoding: b, as: UTF8.self)
        case .methodNotAllowed(let allow): return "405:" + allow.map(\.rawValue).joined(separator: ",")
        case .notFound: return "404"
        }
    }

    @Test func matchesLiteralsParametersAndWildcards() throws {
        let r = try router()
        #expect(route(r, .get, "/") == "root")
        #expect(route(r, .get, "/collections/roads") == "c:roads")
        #expect(route(r, .get, "/collections/a%20b/items") == "items:a b")
        #expect(route(r, .get, "/collections/special") == "special")
        #expect(route(r, .get, "/static/js/app.js") == "static:js/app.js")
        #expect(route(r, .head, "/collections/x") == "c:x")
        #expect(route(r, .get, "/nothing") == "404")
        #expect(route(r, .get, "/static") == "404")
        #expect(route(r, .delete, "/collections/x/items") == "405:GET,HEAD,POST")
    }

    /// GET matches are remembered by path (`RecentMatches`): asked again, every path gives what a walk gives,
    /// and a table that fills up is emptied rather than grown; long paths are walked every time.
    @Test func rememberedMatchesAreTheWalkedOnes() throws {
        let r = try router()
        let paths = ["/", "/collections/roads", "/collections/a%20b/items", "/collections/special", "/static/js/app.js",
                     "/nothing", "/static", "/collections/x/items"]
        let walked = paths.map { route(r, .get, $0) }
        for _ in 0..<3 { #expect(paths.map { route(r, .get, $0) } == walked) }
        #expect(route(r, .post, "/collections/x/items") == "post")
        #expect(route(r, .head, "/collections/x") == "c:x")
        for i in 0..<(r.recent.capacity + 10) { #expect(route(r, .get, "/collections/c\(i)") == "c:c\(i)") }
        #expect(route(r, .get, "/collections/roads") == "c:roads")
        let long = "/static/" + String(repeating: "a", count: RecentMatches.longestPath)
        #expect(route(r, .get, long) == "static:" + String(long.dropFirst(8)))
        #expect(r.recent.get(long) == nil)
        #expect(r.recent.get("/collections/roads")?.parameters == ["id": "roads"])
    }

    @Test func conflictingRoutesAreRefused() {
        var b = RouterBuilder<Int>()
        b.get("/a/{x}") { _, _ in .text("") }
        b.get("/a/{y}/b") { _, _ in .text("") }
        b.get("/a/{x}") { _, _ in .text("") }
        b.get("/a/*/c") { _, _ in .text("") }
        #expect(throws: RouterError.self) { try b.build() }
    }
}

/// The responder without sockets: routing, parameters, error mapping.
struct RouterRespondTests {
    struct Missing: HTTPErrorConvertible {
        var httpError: HTTPError { HTTPError(.notFound, "feature 7 does not exist", type: "https://riskmap.example/problems/not-found") }
    }

    @Test func respondsAndMapsErrors() throws {
        var b = RouterBuilder<[String]>()
        b.get("/features/{id}") { r, seen in
            seen.append(r.parameters["id"]!)
            if r.parameters["id"] == "7" { throw Missing() }
            return .text("ok")
        }
        let router = try b.build()
        var seen: [String] = []
        let ok = router.respond(to: try Request(method: .get, target: "/features/3"), context: &seen)
        #expect(ok.status == .ok)
        let missing = router.respond(to: try Request(method: .get, target: "/features/7"), context: &seen)
        #expect(missing.status == .notFound)
        #expect(missing.headers["Content-Type"] == "application/problem+json")
        guard case .bytes(let body) = missing.body else { Issue.record("expected bytes"); return }
        #expect(String(decoding: body, as: UTF8.self).contains(#""type":"https://riskmap.example/problems/not-found""#))
        let options = router.respond(to: try Request(method: .options, target: "/features/1"), context: &seen)
        #expect(options.status == .noContent)
        #expect(options.headers["Allow"] == "GET, HEAD")
        #expect(seen == ["3", "7"])
    }
}
