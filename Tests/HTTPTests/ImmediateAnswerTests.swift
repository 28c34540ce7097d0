import Glibc
import MemoryFile
import Synchronization
import Testing
@testable import HTTP

/// Answers the I/O thread gives from memory (`ServerConfiguration.immediate`): finished as a worker finishes
/// them, in request order among pipelined requests, counted and logged under their route.
@Suite struct ImmediateAnswerTests {
    /// `/memory/…` is answered on the I/O thread; anything else goes to a worker.
    var fromMemory: (inout ServerConfiguration) -> Void {
        { config in
            config.immediate = { request in
                guard request.path.hasPrefix("/memory/") else { return nil }
                let body = Array("from memory \(request.path.dropFirst(8))".utf8)
                return (Response(headers: ["Content-Type": "text/plain", "ETag": "\"m1\"", "Vary": "Accept-Encoding"], body: body), "/memory/{n}")
            }
            config.cors = CORSPolicy(origins: .list(["https://map.example"]))
        }
    }

    @Test func pipelinedAnswersKeepRequestOrder() throws {
        try withServer(fromMemory, routes: { b in
            b.get("/slow/{n}") { r, _ in
                usleep(100_000)
                return .text("worker \(r.parameters["n"]!)")
            }
        }) { server in
            let c = try TestClient(port: server.port)
            try c.send(["/slow/1", "/memory/2", "/slow/3", "/memory/4", "/memory/5"]
                .map { "GET \($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
            let texts = try (0..<5).map { _ in try c.readResponse().text }
            #expect(texts == ["worker 1", "from memory 2", "worker 3", "from memory 4", "from memory 5"])
            #expect(server.metrics.count(route: "/memory/{n}", status: 200) == 3)
        }
    }

    @Test func anAnswerFromMemoryIsFinishedAsAWorkerWouldFinishIt() throws {
        try withServer(fromMemory) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /memory/1 HTTP/1.1\r\nHost: t\r\nOrigin: https://map.example\r\n\r\n")
            let plain = try c.readResponse()
            #expect(plain.status == 200 && plain.text == "from memory 1")
            #expect(plain.header("Access-Control-Allow-Origin") == "https://map.example")
            let varyEncoding = plain.headers.filter { $0.0.lowercased() == "vary" && $0.1.contains("Accept-Encoding") }
            #expect(varyEncoding.count == 1, "Vary: Accept-Encoding once, though the type compresses: \(plain.headers)")
            try c.send("GET /memory/1 HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"m1\"\r\n\r\n")
            let notModified = try c.readResponse()
            #expect(notModified.status == 304 && notModified.body.isEmpty)
            try c.send("HEAD /memory/1 HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try c.readResponse(head: true)
            #expect(head.status == 200 && head.header("Content-Length") == String("from memory 1".utf8.count))
            try c.send("GET /memory/1 HTTP/1.0\r\n\r\n")
            #expect(try c.readResponse().text == "from memory 1")
            #expect(c.waitForClose(), "an HTTP/1.0 request without keep-alive closes after its answer")
        }
    }

    /// A head kept for plain requests (`Response.keptHead`, as cached tiles have) is what such requests get within its
    /// second; a request with an Origin, an If-None-Match, gzip or no keep-alive gets its own head made as ever.
    @Test func aKeptHeadAnswersOnlyPlainRequestsOfItsKind() throws {
        let kept = KeptHead()
        let body = Array("kept body".utf8)
        let configure: (inout ServerConfiguration) -> Void = { config in
            config.immediate = { request in
                guard request.path == "/kept" else { return nil }
                var r = Response(headers: ["Content-Type": "text/plain", "ETag": "\"k1\"", "Vary": "Accept-Encoding"], body: body)
                r.keptHead = kept
                return (r, "/kept")
            }
            config.cors = CORSPolicy(origins: .list(["https://map.example"]))
        }
        try withServer(configure) { server in
            let c = try TestClient(port: server.port)
            try c.send("GET /kept HTTP/1.1\r\nHost: t\r\n\r\n")
            let first = try c.readResponse()
            #expect(first.status == 200 && first.text == "kept body" && first.header("X-Kept") == nil)
            // A planted head shows which answers come from the slot; planted again should the second turn meanwhile.
            var planted: TestResponse?
            for _ in 0..<3 where planted?.header("X-Kept") == nil {
                let marked = "HTTP/1.1 200 OK\r\nX-Kept: yes\r\nContent-Length: \(body.count)\r\n\r\n"
                kept.keep(Array(marked.utf8), second: Int(time(nil)), kind: 1)
                try c.send("GET /kept HTTP/1.1\r\nHost: t\r\n\r\n")
                planted = try c.readResponse()
            }
            #expect(planted?.header("X-Kept") == "yes" && planted?.text == "kept body")
            for extra in ["Origin: https://map.example", "If-None-Match: \"k1\"", "Accept-Encoding: gzip"] {
                let marked = "HTTP/1.1 200 OK\r\nX-Kept: yes\r\nContent-Length: \(body.count)\r\n\r\n"
                kept.keep(Array(marked.utf8), second: Int(time(nil)), kind: 1)
                try c.send("GET /kept HTTP/1.1\r\nHost: t\r\n\(extra)\r\n\r\n")
                let r = try c.readResponse()
                #expect(r.header("X-Kept") == nil, "\(extra) got the kept head")
                if extra.hasPrefix("Origin") { #expect(r.header("Access-Control-Allow-Origin") == "https://map.example") }
                if extra.hasPrefix("If-None-Match") { #expect(r.status == 304) }
            }
            try c.send("GET /kept HTTP/1.0\r\n\r\n")
            let closing = try c.readResponse()
            #expect(closing.header("X-Kept") == nil && closing.text == "kept body")
            #expect(c.waitForClose())
        }
    }

    /// A burst of connections is dealt over the I/O loops (one loop woken by the burst used to take it all): the
    /// answers given on the I/O threads name both loops, and the open connections are counted once each.
    @Test func aBurstOfConnectionsIsDealtOverTheLoops() throws {
        let configure: (inout ServerConfiguration) -> Void = { config in
            config.ioThreads = 2
            config.immediate = { request in
                guard request.path == "/thread" else { return nil }
                // The thread's name, as the kernel has it.
                var name = [UInt8](repeating: 0, count: 32)
                let fd = open("/proc/thread-self/comm", O_RDONLY)
                let n = read(fd, &name, name.count)
                Glibc.close(fd)
                return (Response.text(String(decoding: name.prefix(max(0, n)), as: UTF8.self).trimmingCharacters(in: .newlines)), "/thread")
            }
        }
        try withServer(configure) { server in
            let clients = try (0..<8).map { _ in try TestClient(port: server.port) }
            #expect(eventually { server.metrics.connections == 8 })
            var threads = Set<String>()
            for c in clients {
                try c.send("GET /thread HTTP/1.1\r\nHost: t\r\n\r\n")
                threads.insert(try c.readResponse().text)
            }
            #expect(threads == ["http-io-0", "http-io-1"])
            for c in clients { shutdown(c.fd, Int32(SHUT_RDWR)) }
            #expect(eventually { server.metrics.connections == 0 })
        }
    }

    /// An answer marked reusable (`Response.reuse`) is given again, whole, to the same plain request on the same loop
    /// within its second, without asking the hook, and counted; a request with an Origin, a HEAD, or any request once
    /// the answer no longer holds asks the hook again.
    @Test func aReusableAnswerIsGivenAgainWhileItHolds() throws {
        let asked = Atomic(0), given = Atomic(0), holds = Atomic(true)
        let configure: (inout ServerConfiguration) -> Void = { config in
            config.immediate = { request in
                guard request.path == "/again" else { return nil }
                let n = asked.add(1, ordering: .relaxed).newValue
                var r = Response(headers: ["Content-Type": "text/plain"], body: Array("answer \(n)".utf8))
                r.reuse = Reuse(isCurrent: { holds.load(ordering: .relaxed) }, reused: { given.add(1, ordering: .relaxed) })
                return (r, "/again")
            }
            config.cors = CORSPolicy(origins: .any)
        }
        try withServer(configure) { server in
            let c = try TestClient(port: server.port)
            func get(_ extra: String = "", method: String = "GET") throws -> TestResponse {
                try c.send("\(method) /again HTTP/1.1\r\nHost: t\r\n\(extra)\r\n")
                return try c.readResponse(head: method == "HEAD")
            }
            // Two plain requests in one second: the hook is asked once (tried again should the second turn between).
            var pair: (TestResponse, TestResponse, Int)?
            for _ in 0..<3 where pair == nil {
                let second = time(nil), before = asked.load(ordering: .relaxed)
                let (a, b) = (try get(), try get())
                if time(nil) == second { pair = (a, b, asked.load(ordering: .relaxed) - before) }
            }
            let (first, again, calls) = try #require(pair)
            #expect(calls == 1 && again.text == first.text && given.load(ordering: .relaxed) >= 1)
            #expect(server.metrics.count(route: "/again", status: 200) >= 2, "answers given again are counted under their route")
            let before = asked.load(ordering: .relaxed)
            let cors = try get("Origin: https://map.example\r\n")
            #expect(cors.header("Access-Control-Allow-Origin") != nil && asked.load(ordering: .relaxed) == before + 1)
            _ = try get(method: "HEAD")
            #expect(asked.load(ordering: .relaxed) == before + 2, "a HEAD is another kind of request")
            holds.store(false, ordering: .relaxed)
            let fresh = try get()
            #expect(asked.load(ordering: .relaxed) == before + 3 && fresh.text == "answer \(before + 3)")
        }
    }
}
