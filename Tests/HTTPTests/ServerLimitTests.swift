import Foundation
import Monotonic
import Glibc
import Synchronization
import Testing
@testable import HTTP

/// Bad clients, overload and shutdown: the server answers with problems and keeps serving others.
@Suite struct ServerLimitTests {
    @Test(arguments: [
        ("GARBAGE\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: t\r\nX: " + String(repeating: "a", count: 20_000) + "\r\n\r\n", 431),
        ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nnope\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n", 413),
        ("BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n", 501),
        ("GET / HTTP/3.0\r\nHost: t\r\n\r\n", 505),
    ])
    func malformedRequestsGetProblemsAndOthersAreStillServed(request: String, status: Int) throws {
        try withServer({ $0.limits.maxBodyBytes = 1000 }) { server in
            let bad = try TestClient(port: server.port)
            let good = try TestClient(port: server.port)
            try bad.send(request)
            let r = try bad.readResponse()
            #expect(r.status == status)
            #expect(r.header("Content-Type") == "application/problem+json")
            #expect(r.text.contains("\"status\":\(status)"))
            #expect(r.header("Connection") == "close")
            #expect(bad.waitForClose())
            try good.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try good.readResponse().text == "hello")
        }
    }

    @Test func slowClientIsTimedOutWhileOthersAreServed() throws {
        try withServer({ $0.headerTimeout = .milliseconds(300) }) { server in
            let slow = try TestClient(port: server.port)
            try slow.send("GET /hello HTTP/1.1\r\nHo")
            let other = try TestClient(port: server.port)
            for _ in 0..<3 {
                try other.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try other.readResponse().status == 200)
            }
            let r = try slow.readResponse()
            #expect(r.status == 408)
            #expect(slow.waitForClose())
            try other.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.readResponse().status == 200)
        }
    }

    @Test func idleKeepAliveConnectionsAreClosed() throws {
        try withServer({ $0.idleTimeout = .milliseconds(200) }) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().status == 200)
            #expect(c.waitForClose())
            #expect(eventually { server.metrics.connections == 0 })
        }
    }

    @Test func fullQueueAnswers503WithRetryAfter() throws {
        let gate = Gate()
        let ran = Atomic<Int>(0)
        try withServer({
            $0.workers = 1
            $0.queueCapacity = 1
            $0.retryAfterSeconds = 7
        }, routes: {
            $0.get("/blocked") { _, _ in
                ran.add(1, ordering: .relaxed)
                gate.wait()
                return .text("done")
            }
        }) { server in
            let a = try TestClient(port: server.port)
            try a.send("GET /blocked HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(eventually { ran.load(ordering: .relaxed) == 1 })
            let b = try TestClient(port: server.port)
            try b.send("GET /blocked HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(eventually { server.metrics.queued == 1 })
            let c = try TestClient(port: server.port)
            try c.send("GET /blocked HTTP/1.1\r\nHost: t\r\n\r\n")
            let shed = try c.readResponse()
            #expect(shed.status == 503)
            #expect(shed.header("Retry-After") == "7")
            #expect(shed.header("Content-Type") == "application/problem+json")
            gate.release()
            #expect(try a.readResponse().text == "done")
            #expect(try b.readResponse().text == "done")
            let handled = ran.load(ordering: .relaxed)
            #expect(handled == 2)
        }
    }

    @Test func connectionLimitRefusesExtraClients() throws {
        try withServer({ $0.maxConnections = 1 }) { server in
            let first = try TestClient(port: server.port)
            try first.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try first.readResponse().status == 200)
            let second = try TestClient(port: server.port)
            #expect(try second.readResponse().status == 503)
            #expect(second.waitForClose())
        }
    }

    @Test func gracefulShutdownFinishesTheInFlightRequest() throws {
        let gate = Gate()
        let entered = Gate()
        var b = RouterBuilder<Int>()
        b.get("/slow") { _, _ in
            entered.release()
            gate.wait()
            return .text("finished")
        }
        b.get("/hello") { _, _ in .text("hello") }
        var c = ServerConfiguration()
        c.port = 0
        c.workers = 2
        let server = Server(configuration: c, router: try b.build()) { $0 }
        try server.start()
        let idle = try TestClient(port: server.port)
        try idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        let busy = try TestClient(port: server.port)
        try busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        // Wait for the handler itself: the worker that answered /hello may not have left `busy` yet.
        #expect(eventually { entered.isOpen })

        server.shutdown()
        #expect(idle.waitForClose())
        gate.release()
        let r = try busy.readResponse()
        #expect(r.text == "finished")
        #expect(r.header("Connection") == "close")
        #expect(busy.waitForClose())
        server.wait()
        #expect(throws: (any Error).self) { try TestClient(port: server.port) }
    }

    @Test func contextFactoryFailureStopsStart() {
        struct NoDatabase: Error {}
        var c = ServerConfiguration()
        c.port = 0
        let server = Server<Int>(configuration: c, router: try! RouterBuilder<Int>().build()) { worker in
            if worker == 1 { throw NoDatabase() }
            return worker
        }
        #expect(throws: ContextError.self) { try server.start() }
    }

    @Test func accessLogGetsOneLinePerRequest() throws {
        let lines = Mutex<[AccessLogEntry]>([])
        try withServer({ config in config.accessLog = { entry in lines.withLock { $0.append(entry) } } }) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /hello?a=1&b=%0a HTTP/1.1\r\nHost: t\r\n\r\nGET /missing HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try c.readResponse()
            _ = try c.readResponse()
            #expect(eventually { lines.withLock { $0.count } == 2 })
            let entries = lines.withLock { $0 }
            #expect(entries.map(\.status) == [200, 404])
            #expect(entries[0].route == "/hello")
            #expect(entries[0].bytes == 5)
            // UTC time to the millisecond, then the client, the request line with its query as sent.
            let line = entries[0].line
            #expect(line.range(of: #"^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1:\d+ "#, options: .regularExpression) != nil, "\(line)")
            #expect(line.contains("\"GET /hello?a=1&b=%0a\" 200 5 "))
            #expect(abs(entries[0].time - Date().timeIntervalSince1970) < 60)
            let json = try JSONSerialization.jsonObject(with: Data(entries[0].json.utf8)) as? [String: Any]
            #expect(json?["target"] as? String == "/hello?a=1&b=%0a" && json?["status"] as? Int == 200 && json?["route"] as? String == "/hello")
            #expect((json?["time"] as? String)?.hasSuffix("Z") == true && json?["actor"] == nil)
        }
    }
}

/// SIGTERM goes to the whole test process; only this test's server installs the handlers that catch it, so
/// tests running alongside are unaffected.
@Suite struct SignalTests {
    @Test func sigtermStartsGracefulShutdown() throws {
        var c = ServerConfiguration()
        c.port = 0
        c.handleSignals = true
        var b = RouterBuilder<Int>()
        b.get("/hello") { _, _ in .text("hello") }
        let server = Server(configuration: c, router: try b.build()) { $0 }
        try server.start()
        let client = try TestClient(port: server.port)
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        // To the process, as an init system sends it. (Not pthread_kill to this thread: test threads run with
        // signals blocked.) The test client retries calls the signal interrupts.
        kill(getpid(), SIGTERM)
        #expect(client.waitForClose())
        // A no-op once SIGTERM has started the shutdown; without it a failure here would hang the run.
        server.shutdown()
        server.wait()
    }
}

extension ServerLimitTests {
    @Test func slowBodyIsTimedOut() throws {
        try withServer({ $0.bodyTimeout = .milliseconds(300) }) { server in
            let c = try TestClient(port: server.port)
            try c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            let r = try c.readResponse()
            #expect(r.status == 408)
            #expect(r.header("Content-Type") == "application/problem+json")
            #expect(c.waitForClose())
        }
    }

    @Test func aClientThatStopsReadingHoldsBackTheProducer() throws {
        let produced = Atomic<Int>(0)
        let outcome = Mutex<String?>(nil)
        let total = 64 << 20
        try withServer(routes: {
            $0.get("/huge") { _, _ in
                .stream(contentType: "application/geo+json") { writer in
                    let chunk = [UInt8](repeating: 0x20, count: 64 * 1024)
                    do {
                        while produced.load(ordering: .relaxed) < total {
                            try writer.write(chunk)
                            produced.add(chunk.count, ordering: .relaxed)
                        }
                        outcome.withLock { $0 = "completed" }
                    } catch {
                        outcome.withLock { $0 = "\(type(of: error))" }
                        throw error
                    }
                }
            }
        }) { server in
            var c: TestClient? = try TestClient(port: server.port)
            try c?.send("GET /huge HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try c?.readHead()
            // The producer fills the socket buffers and the writer's allowance, then waits.
            #expect(eventually { produced.load(ordering: .relaxed) > 0 })
            usleep(200_000)
            let stalled = produced.load(ordering: .relaxed)
            #expect(stalled < total)
            c = nil
            #expect(eventually { outcome.withLock { $0 } != nil })
            #expect(outcome.withLock { $0 } == "ClientDisconnected")
            #expect(eventually { server.metrics.busy == 0 })
        }
    }
}

extension ServerLimitTests {
    @Test func pipelinedRequestsWaitForAClientThatDoesNotRead() throws {
        let handled = Atomic<Int>(0)
        let big = [UInt8](repeating: 0x61, count: 2 << 20)
        try withServer(routes: {
            $0.get("/big/{n}") { r, _ in
                handled.add(1, ordering: .relaxed)
                return Response(headers: ["Content-Type": "application/octet-stream", "X-N": r.parameters["n"]!], body: big)
            }
        }) { server in
            let c = try TestClient(port: server.port)
            try c.send((0..<16).map { "GET /big/\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
            #expect(eventually { handled.load(ordering: .relaxed) >= 2 })
            usleep(100_000)
            let whileStalled = handled.load(ordering: .relaxed)
            #expect(whileStalled < 16)
            for i in 0..<16 {
                let r = try c.readResponse()
                #expect(r.header("X-N") == String(i))
                #expect(r.body.count == big.count)
            }
        }
    }
}

extension ServerLimitTests {
    @Test func aConnectionThatSendsNothingIsClosedAtTheHeaderTimeout() throws {
        try withServer({
            $0.headerTimeout = .milliseconds(300)
            $0.idleTimeout = .seconds(30)
        }) { server in
            let c = try TestClient(port: server.port, timeout: 4)
            let start = MonotonicClock.nanoseconds()
            #expect(c.waitForClose())
            #expect(MonotonicClock.nanoseconds() - start < 2_000_000_000)
            #expect(eventually { server.metrics.connections == 0 })
        }
    }

    @Test func bareLineFeedsAreAnswered400AtOnce() throws {
        try withServer({ $0.headerTimeout = .seconds(10) }) { server in
            let c = try TestClient(port: server.port, timeout: 2)
            try c.send("GET /hello HTTP/1.1\nHost: t\n\n")
            let r = try c.readResponse()
            #expect(r.status == 400)
            #expect(c.waitForClose())
        }
    }

    @Test func aForgedLineInThePathStaysInOneLogLine() throws {
        let lines = Mutex<[String]>([])
        try withServer({ config in config.accessLog = { entry in lines.withLock { $0.append(entry.line) } } }) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /a%0a127.0.0.1%20%22GET%20/x%22%20200 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().status == 404)
            #expect(eventually { lines.withLock { $0.count } == 1 })
            let log = lines.withLock { $0.joined(separator: "\n") }
            #expect(log.split(separator: "\n", omittingEmptySubsequences: false).count == 1, "\(log)")
            // The target is logged as sent, still percent-encoded (and escaped besides).
            #expect(log.contains(#""GET /a%0a127.0.0.1%20%22GET%20/x%22%20200" 404 "#), "\(log)")
        }
    }
}
