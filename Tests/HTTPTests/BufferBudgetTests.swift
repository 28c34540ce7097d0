import Monotonic
import Glibc
import Synchronization
import Testing
@testable import HTTP

/// The bytes all connections together may hold: request bodies and unsent responses.
@Suite struct BufferBudgetTests {
    @Test func requestBodiesPastTheBudgetGet503BeforeTheyAreRead() throws {
        try withServer({
            $0.maxBufferedRequestBytes = 1 << 20
            $0.retryAfterSeconds = 3
        }) { server in
            let a = try TestClient(port: server.port)
            try a.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 600000\r\n\r\n" + String(repeating: "a", count: 1000))
            #expect(eventually { server.metrics.bufferedRequestBytes == 600_000 })

            // A declared length that does not fit is refused from its head.
            let b = try TestClient(port: server.port)
            try b.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 600000\r\n\r\n")
            let refused = try b.readResponse()
            #expect(refused.status == 503)
            #expect(refused.header("Retry-After") == "3")
            #expect(refused.header("Connection") == "close")
            #expect(b.waitForClose())

            // A chunked body is refused once it grows past what is left.
            let c = try TestClient(port: server.port)
            try c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = "186a0\r\n" + String(repeating: "c", count: 100_000) + "\r\n"
            for _ in 0..<6 { try? c.send(chunk) }
            #expect(try c.readResponse().status == 503)
            #expect(c.waitForClose())
            #expect(eventually { server.metrics.bufferedRequestBytes == 600_000 })

            // A client that leaves mid-body gives its reservation back.
            let d = try TestClient(port: server.port)
            try d.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 300000\r\n\r\nabc")
            #expect(eventually { server.metrics.bufferedRequestBytes == 900_000 })
            Glibc.shutdown(d.fd, Int32(SHUT_RDWR))
            #expect(eventually { server.metrics.bufferedRequestBytes == 600_000 })

            try a.send(String(repeating: "a", count: 599_000))
            #expect(try a.readResponse().body.count == 600_000)
            #expect(eventually { server.metrics.bufferedRequestBytes == 0 })
            #expect(server.metrics.prometheus().contains("http_buffered_request_bytes 0\n"))
        }
    }

    @Test func aBodyIsCountedUntilItsResponseIsFinished() throws {
        let gate = Gate()
        let entered = Gate()
        try withServer(routes: {
            $0.post("/hold") { r, _ in
                entered.release()
                gate.wait()
                return .text("\(r.body.count)")
            }
        }) { server in
            let c = try TestClient(port: server.port)
            try c.send("POST /hold HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + String(repeating: "x", count: 5000))
            #expect(eventually { entered.isOpen })
            #expect(server.metrics.bufferedRequestBytes == 5000)
            gate.release()
            #expect(try c.readResponse().text == "5000")
            #expect(eventually { server.metrics.bufferedRequestBytes == 0 })
        }
    }

    @Test func clientsThatNeverReadCannotHoldMoreThanTheResponseBudget() throws {
        let size = 8 << 20
        let budget = 16 << 20
        let workers = 2
        let big = [UInt8](repeating: 0x62, count: size)
        try withServer({
            $0.workers = workers
            $0.maxBufferedResponseBytes = budget
            $0.writeTimeout = .seconds(2)
        }, routes: {
            $0.get("/big") { _, _ in Response(headers: ["Content-Type": "application/octet-stream"], body: big) }
        }) { server in
            var hoarders: [TestClient] = []
            var most = 0
            for _ in 0..<24 {
                let h = try TestClient(port: server.port, receiveBuffer: 4096)
                try h.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
                hoarders.append(h)
                most = max(most, server.metrics.bufferedResponseBytes)
            }
            // Past the budget only the responses already being made are added, one per worker (and the
            // loop's own small answers).
            let slack = workers * size + (1 << 20)
            for _ in 0..<200 {
                most = max(most, server.metrics.bufferedResponseBytes)
                usleep(2000)
            }
            // The hoarders fill the budget: two 8 MB bodies reach it exactly (their heads, separate segments since
            // heads and bodies are gathered into one sendmsg, leave first).
            #expect(most >= budget)
            #expect(most <= budget + slack, "held \(most) bytes")

            // A client that reads is answered at once: served, or told when to come back while the budget is
            // spent; and it is served once the write timeout has closed the clients that do not read.
            let good = try TestClient(port: server.port, timeout: 2)
            let start = MonotonicClock.nanoseconds()
            try good.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let first = try good.readResponse()
            #expect(first.status == 200 || (first.status == 503 && first.header("Retry-After") == "1"))
            #expect(MonotonicClock.nanoseconds() - start < 500_000_000)
            #expect(eventually {
                (try? good.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")) != nil && (try? good.readResponse())?.status == 200
            })
            #expect(eventually { server.metrics.bufferedResponseBytes == 0 })
            withExtendedLifetime(hoarders) {}
        }
    }
}
