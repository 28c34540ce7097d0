import CZlib
import Testing
@testable import HTTP

/// The server over a real loopback socket.
@Suite struct ServerTests {
    static let bigJSON: [UInt8] = Array(("[" + (0..<2000).map { "{\"id\":\($0),\"level\":\"major\"}" }.joined(separator: ",") + "]").utf8)

    func routes(_ b: inout RouterBuilder<WorkerContext>) {
        b.get("/big") { _, _ in Response.json(Self.bigJSON).withContentETag() }
        b.get("/png") { _, _ in Response(headers: ["Content-Type": "image/png"], body: Array(repeating: 7, count: 5000)) }
        b.get("/items/{id}") { r, _ in .text("item \(r.parameters["id"]!) q=\(r.query["q"] ?? "-")") }
        b.get("/teapot") { _, _ in throw HTTPError(HTTPStatus(code: 418, reason: "I'm a teapot"), "short and stout") }
        b.get("/fail") { _, _ in throw SystemError(call: "secret", errno: 5) }
        b.get("/stream") { _, _ in
            .stream(contentType: "application/geo+json") { w in
                for i in 0..<100 { try w.write("{\"n\":\(i)}\n") }
            }
        }
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        try withServer(routes: routes) { server in
            let c = try TestClient(port: server.port)
            for i in 0..<5 {
                try c.send("GET /items/\(i)?q=a%20b HTTP/1.1\r\nHost: t\r\n\r\n")
                let r = try c.readResponse()
                #expect(r.status == 200)
                #expect(r.text == "item \(i) q=a b")
                #expect(r.header("Connection") == nil)
                #expect(r.header("Date") != nil)
            }
            try c.send("GET /worker HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let last = try c.readResponse()
            #expect(last.text.hasSuffix("own-thread true"))
            #expect(last.header("Connection") == "close")
            #expect(c.waitForClose())
        }
    }

    @Test func pipelinedResponsesComeBackInOrder() throws {
        try withServer({ $0.workers = 4 }, routes: routes) { server in
            let c = try TestClient(port: server.port)
            let requests = (0..<10).map { "GET /items/\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined()
                + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nlast"
            try c.send(requests)
            for i in 0..<10 { #expect(try c.readResponse().text == "item \(i) q=-") }
            #expect(try c.readResponse().text == "last")
        }
    }

    @Test func chunkedRequestBodyAndExpectContinue() throws {
        try withServer(routes: routes) { server in
            let c = try TestClient(port: server.port)
            try c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n")
            #expect(try c.readResponse().text == "Wikipedia")
            try c.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
            #expect(try c.readHead().status == 100)
            try c.send("abc")
            #expect(try c.readResponse().text == "abc")
        }
    }

    @Test func gzipWhenAcceptedAndWorthIt() throws {
        try withServer(routes: routes) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: br, gzip;q=0.8\r\n\r\n")
            let gz = try c.readResponse()
            #expect(gz.header("Content-Encoding") == "gzip")
            #expect(gz.header("Vary") == "Accept-Encoding")
            #expect(gz.body.count < Self.bigJSON.count / 4)
            #expect(inflate(gz.body) == Self.bigJSON)

            try c.send("GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip;q=0\r\n\r\n")
            let plain = try c.readResponse()
            #expect(plain.header("Content-Encoding") == nil)
            #expect(plain.body == Self.bigJSON)
            #expect(plain.header("ETag") != gz.header("ETag"))

            try c.send("GET /png HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            let png = try c.readResponse()
            #expect(png.header("Content-Encoding") == nil)
            #expect(png.body.count == 5000)
        }
    }

    @Test func ifNoneMatchGives304() throws {
        try withServer(routes: routes) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            let first = try c.readResponse()
            let tag = try #require(first.header("ETag"))
            #expect(tag == ETag.of(Self.bigJSON))
            try c.send("GET /big HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"other\", \(tag)\r\n\r\n")
            let second = try c.readResponse()
            #expect(second.status == 304)
            #expect(second.body.isEmpty)
            #expect(second.header("ETag") == tag)
            try c.send("GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            let gz = try c.readResponse()
            let gzTag = try #require(gz.header("ETag"))
            #expect(gzTag != tag)
            // Either representation's tag matches, and the 304 names the one this client would get.
            try c.send("GET /big HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\nIf-None-Match: \(tag)\r\n\r\n")
            let gz304 = try c.readResponse()
            #expect(gz304.status == 304)
            #expect(gz304.header("ETag") == gzTag)
            // The connection is still in step: the next response follows directly.
            try c.send("GET /big HTTP/1.1\r\nHost: t\r\nIf-None-Match: W/\"nope\"\r\n\r\n")
            #expect(try c.readResponse().status == 200)
        }
    }

    @Test func headHasTheHeadersButNoBody() throws {
        try withServer(routes: routes) { server in
            let c = try TestClient(port: server.port)
            try c.send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try c.readResponse(head: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == String(Self.bigJSON.count))
            try c.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().text == "hello")
        }
    }

    @Test func corsPreflightAndActualRequest() throws {
        try withServer({ $0.cors = CORSPolicy(origins: .list(["https://map.example"])) }, routes: routes) { server in
            let c = try TestClient(port: server.port)
            try c.send("OPTIONS /echo HTTP/1.1\r\nHost: t\r\nOrigin: https://map.example\r\nAccess-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: content-type\r\n\r\n")
            let pre = try c.readResponse()
            #expect(pre.status == 204)
            #expect(pre.header("Access-Control-Allow-Origin") == "https://map.example")
            #expect(pre.header("Access-Control-Allow-Methods") == "POST")
            #expect(pre.header("Access-Control-Allow-Headers") == "content-type")
            try c.send("GET /hello HTTP/1.1\r\nHost: t\r\nOrigin: https://map.example\r\n\r\n")
            let actual = try c.readResponse()
            #expect(actual.header("Access-Control-Allow-Origin") == "https://map.example")
            try c.send("OPTIONS /echo HTTP/1.1\r\nHost: t\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n\r\n")
            let refused = try c.readResponse()
            #expect(refused.status == 403)
            #expect(refused.header("Content-Type") == "application/problem+json")
        }
    }

    @Test func handlerErrorsBecomeProblems() throws {
        try withServer(routes: routes) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /teapot HTTP/1.1\r\nHost: t\r\n\r\n")
            let teapot = try c.readResponse()
            #expect(teapot.status == 418)
            #expect(teapot.text == #"{"type":"about:blank","title":"I'm a teapot","status":418,"detail":"short and stout"}"#)
            try c.send("GET /fail HTTP/1.1\r\nHost: t\r\n\r\n")
            let fail = try c.readResponse()
            #expect(fail.status == 500)
            #expect(!fail.text.contains("secret"))
            try c.send("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let notAllowed = try c.readResponse()
            #expect(notAllowed.status == 405)
            #expect(notAllowed.header("Allow") == "GET, HEAD")
            try c.send("GET /nope HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().status == 404)
            #expect(server.metrics.count(route: "/teapot", status: 418) == 1)
            #expect(server.metrics.prometheus().contains(#"http_requests_total{route="/fail",method="GET",status="500"} 1"#))
        }
    }

    @Test func streamedBodyIsChunked() throws {
        try withServer(routes: routes) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n")
            let r = try c.readResponse()
            #expect(r.header("Transfer-Encoding") == "chunked")
            #expect(r.text == (0..<100).map { "{\"n\":\($0)}\n" }.joined())
            try c.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().text == "hello")
        }
    }

    @Test func http10ClientsGetCloseDelimitedStreams() throws {
        try withServer(routes: routes) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /stream HTTP/1.0\r\n\r\n")
            let r = try c.readResponse()
            #expect(r.header("Transfer-Encoding") == nil)
            #expect(r.header("Content-Length") == nil)
            #expect(r.header("Connection") == "close")
            #expect(r.text == (0..<100).map { "{\"n\":\($0)}\n" }.joined())
            #expect(c.closedByServer)
        }
    }

    func inflate(_ bytes: [UInt8]) -> [UInt8]? {
        var s = z_stream()
        guard riskmap_inflate_init_gzip(&s) == Z_OK else { return nil }
        defer { inflateEnd(&s) }
        var out = [UInt8](repeating: 0, count: 1 << 20)
        var input = bytes
        let rc = input.withUnsafeMutableBytes { i in
            out.withUnsafeMutableBytes { o in
                s.next_in = i.bindMemory(to: Bytef.self).baseAddress
                s.avail_in = uInt(i.count)
                s.next_out = o.bindMemory(to: Bytef.self).baseAddress
                s.avail_out = uInt(o.count)
                return CZlib.inflate(&s, Z_FINISH)
            }
        }
        guard rc == Z_STREAM_END else { return nil }
        return Array(out[0..<Int(s.total_out)])
    }
}
