import Glibc
import Testing
import HTTP

/// The example from docs/HTTP.md, with a fake per-thread resource in place of a database reader.
struct ExampleTests {
    /// Stands in for a read-only SQLite connection: it remembers the thread that opened it.
    final class FakeReader {
        let openedOn = pthread_self()
        func itemJSON(layer: String, fid: Int64) throws -> [UInt8] {
            guard fid < 100 else { throw HTTPError(.notFound, "\(layer) feature \(fid) does not exist") }
            return Array(#"{"type":"Feature","id":\#(fid),"properties":{"layer":"\#(layer)"}}"#.utf8)
        }
    }

    final class WorkerContext {
        let reader = FakeReader()
    }

    @Test func theDocumentedServerRuns() throws {
        let metrics = Metrics()
        var routes = RouterBuilder<WorkerContext>()
        routes.get("/collections/{id}/items/{fid}") { request, context in
            guard let fid = Int64(request.parameters["fid"]!) else { throw HTTPError(.badRequest, "fid must be an integer") }
            let bytes = try context.reader.itemJSON(layer: request.parameters["id"]!, fid: fid)
            var response = Response.json(bytes, contentType: "application/geo+json").withContentETag()
            // Reported to the test, which cannot record issues from a worker thread.
            response.headers.add("X-Reader-Thread", pthread_equal(context.reader.openedOn, pthread_self()) != 0 ? "own" : "other")
            return response
        }
        routes.get("/metrics") { _, _ in .text(metrics.prometheus(), contentType: "text/plain; version=0.0.4") }

        var config = ServerConfiguration()
        config.port = 0
        config.workers = 2
        config.cors = CORSPolicy(origins: .any)
        let server = Server(configuration: config, router: try routes.build(), metrics: metrics) { _ in WorkerContext() }
        try server.start()
        defer {
            server.shutdown()
            server.wait()
        }

        let c = try TestClient(port: server.port)
        try c.send("GET /collections/risks/items/7 HTTP/1.1\r\nHost: t\r\nOrigin: https://a.example\r\n\r\n")
        let item = try c.readResponse()
        #expect(item.status == 200)
        #expect(item.header("Content-Type") == "application/geo+json")
        #expect(item.header("X-Reader-Thread") == "own")
        #expect(item.header("Access-Control-Allow-Origin") == "*")
        #expect(item.text.contains(#""layer":"risks""#))
        for (fid, status) in [("x", 400), ("500", 404)] {
            try c.send("GET /collections/risks/items/\(fid) HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().status == status)
        }
        try c.send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n")
        let text = try c.readResponse().text
        #expect(text.contains(#"http_requests_total{route="/collections/{id}/items/{fid}",method="GET",status="404"} 1"#))
        #expect(text.contains("http_open_connections 1"))
    }
}
