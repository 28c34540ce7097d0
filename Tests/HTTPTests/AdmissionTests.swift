import Monotonic
import Glibc
import Synchronization
import Testing
@testable import HTTP

/// The admission hook turns a request away after its head, before its body is read or `100 Continue` sent.
@Suite struct AdmissionTests {
    /// Every request the hook sees (each test has its own suite value, so its own list).
    final class Heads: Sendable {
        let seen = Mutex<[Request]>([])
    }
    let heads = Heads()

    /// Writes need an Authorization header, as the service's token check will.
    var needsAuthorization: (inout ServerConfiguration) -> Void {
        { [heads] config in
            config.admission = { request in
                heads.seen.withLock { $0.append(request) }
                guard request.method != .get, request.headers["Authorization"] == nil else { return nil }
                return HTTPError(.unauthorized, "writes need a token", headers: ["WWW-Authenticate": "Bearer"])
            }
        }
    }

    @Test func aRefusedHeadGetsItsAnswerInsteadOf100Continue() throws {
        try withServer(needsAuthorization) { server in
            let c = try TestClient(port: server.port)
            try c.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 8000000\r\n\r\n")
            let r = try c.readResponse()
            #expect(r.status == 401)
            #expect(r.header("WWW-Authenticate") == "Bearer")
            #expect(r.header("Content-Type") == "application/problem+json")
            #expect(r.header("Connection") == "close")
            #expect(c.waitForClose())
            #expect(server.metrics.count(route: "(refused)", status: 401) == 1)

            let allowed = try TestClient(port: server.port)
            try allowed.send("POST /echo HTTP/1.1\r\nHost: t\r\nAuthorization: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
            #expect(try allowed.readHead().status == 100)
            try allowed.send("ok")
            #expect(try allowed.readResponse().text == "ok")
            let seen = heads.seen.withLock { $0 }
            #expect(seen.map(\.method) == [.post, .post])
            #expect(seen.allSatisfy { $0.body.isEmpty && $0.remoteAddress.hasPrefix("127.0.0.1:") })
        }
    }

    @Test func aBodyAfterARefusedHeadIsNotRead() throws {
        try withServer(needsAuthorization) { server in
            let c = try TestClient(port: server.port, timeout: 2)
            try c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 8000000\r\n\r\n")
            let chunk = [UInt8](repeating: 0x61, count: 64 * 1024)
            let start = MonotonicClock.nanoseconds()
            // The server stops reading, so the sends fail or block once the socket buffers are full.
            for _ in 0..<4 { try? c.send(chunk) }
            let r = try c.readResponse()
            #expect(r.status == 401)
            #expect(MonotonicClock.nanoseconds() - start < 1_000_000_000)
            #expect(c.waitForClose())
            #expect(server.metrics.bufferedRequestBytes == 0)
            #expect(eventually { server.metrics.connections == 0 })
        }
    }

    @Test func aRefusalWaitsForThePipelinedRequestBeforeIt() throws {
        try withServer(needsAuthorization) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
            #expect(try c.readResponse().text == "hello")
            #expect(try c.readResponse().status == 401)
            #expect(c.waitForClose())
        }
    }
}
