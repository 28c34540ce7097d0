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

    @Test func conflictingRoutesAreRefused() {
        var b = RouterBuilder<Int>()
        b.get("/a/{x}") { _, _ in .text("") }
        b.get("/a/{y}/b") { _, _ in .text("") }
        b.get("/a/{x}") { _, _ in .text("") }
        b.get("/a/*/c") { _, _ in .text("") }
        #expect(throws: RouterError.self) { try b.build() }
    }
}
