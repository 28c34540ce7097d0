import Synchronization
import Testing
@testable import HTTP

@Suite struct EventStreamTests {
    /// Streams opened by clients, for the test to push into from its own thread.
    final class Hub: Sendable {
        let streams = Mutex<[EventStream]>([])
        var first: EventStream? { streams.withLock { $0.first } }
    }

    @Test func pushedEventsAndHeartbeatsReachTheClient() throws {
        let hub = Hub()
        let closed = Atomic<Bool>(false)
        try withServer({ $0.eventHeartbeat = .milliseconds(100) }, routes: {
            $0.get("/alerts") { _, _ in
                let stream = EventStream()
                stream.send(data: "connected", event: "hello")
                stream.onClose { closed.store(true, ordering: .relaxed) }
                hub.streams.withLock { $0.append(stream) }
                return .events(stream)
            }
        }) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /alerts HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try c.readHead()
            #expect(head.header("Content-Type") == "text/event-stream")
            #expect(head.header("Transfer-Encoding") == "chunked")
            #expect(try c.readUntil("\n\n").contains("event: hello\ndata: connected\n\n"))
            #expect(eventually { hub.first != nil })
            let stream = try #require(hub.first)
            #expect(stream.send(data: "fire at\nblock 7", event: "alert", id: "42"))
            #expect(try c.readUntil("\n\n").contains("event: alert\nid: 42\ndata: fire at\ndata: block 7\n\n"))
            #expect(try c.readUntil(": heartbeat\n\n").hasSuffix(": heartbeat\n\n"))
            // The stream ends cleanly and the connection serves the next request.
            stream.close()
            #expect(try c.readUntil("0\r\n\r\n").hasSuffix("0\r\n\r\n"))
            try c.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().text == "hello")
            let wasClosed = closed.load(ordering: .relaxed)
            #expect(wasClosed)
        }
    }

    @Test func clientDisconnectClosesTheStream() throws {
        let hub = Hub()
        try withServer(routes: {
            $0.get("/alerts") { _, _ in
                let stream = EventStream()
                hub.streams.withLock { $0.append(stream) }
                return .events(stream)
            }
        }) { server in
            var c: TestClient? = try TestClient(port: server.port)
            try c?.send("GET /alerts HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try c?.readHead()
            #expect(eventually { hub.first != nil })
            c = nil
            let stream = try #require(hub.first)
            #expect(eventually { stream.send(data: "anyone?") == false })
            #expect(stream.isClosed)
        }
    }
}

extension EventStreamTests {
    @Test func streamClosedBeforeAttachingEndsTheResponse() throws {
        try withServer(routes: {
            $0.get("/once") { _, _ in
                let stream = EventStream()
                stream.send(data: "only")
                stream.close()
                return .events(stream)
            }
        }) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /once HTTP/1.1\r\nHost: t\r\n\r\n")
            let r = try c.readResponse()
            #expect(r.text == "data: only\n\n")
            try c.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().text == "hello")
        }
    }

    @Test func shutdownEndsOpenStreams() throws {
        let hub = Hub()
        var b = RouterBuilder<Int>()
        b.get("/alerts") { _, _ in
            let stream = EventStream()
            hub.streams.withLock { $0.append(stream) }
            return .events(stream)
        }
        var config = ServerConfiguration()
        config.port = 0
        let server = Server(configuration: config, router: try b.build()) { $0 }
        try server.start()
        let c = try TestClient(port: server.port)
        try c.send("GET /alerts HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = try c.readHead()
        #expect(eventually { hub.first != nil })
        server.shutdown()
        #expect(try c.readUntil("0\r\n\r\n").hasSuffix("0\r\n\r\n"))
        #expect(c.waitForClose())
        server.wait()
        #expect(hub.first?.isClosed == true)
    }
}
