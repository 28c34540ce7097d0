import Glibc
import MemoryFile
import Testing
@testable import HTTP

/// Bodies the I/O thread sends from a memory file (`Response.bodyFile`, cached tiles): the bytes a client
/// reads are the body's, for every way of asking, and clients that leave in the middle of a send cost the
/// server nothing but their connection.
@Suite struct SendfileTests {
    static let body = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) }

    /// `/big` is answered on the I/O thread with its body also in a memory file.
    func fromFile(_ copy: FileBytes) -> (inout ServerConfiguration) -> Void {
        { config in
            config.immediate = { request in
                guard request.path == "/big" else { return nil }
                var r = Response(headers: ["Content-Type": "application/octet-stream", "ETag": "\"b1\""], body: Self.body)
                r.bodyFile = copy
                return (r, "/big")
            }
        }
    }

    @Test func aBodySentFromItsFileIsTheBody() throws {
        let file = try #require(MemoryFile(name: "sendfile-test"))
        let copy = try #require(file.store(Self.body))
        try withServer(fromFile(copy)) { server in
            let c = try TestClient(port: server.port)
            // Pipelined: a head, a body from the file, a head, and so on, in order.
            try c.send(String(repeating: "GET /big HTTP/1.1\r\nHost: t\r\n\r\n", count: 3) + "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            for _ in 0..<3 {
                let r = try c.readResponse()
                #expect(r.status == 200 && r.body == Self.body && r.header("Content-Length") == String(Self.body.count))
            }
            #expect(try c.readResponse().text == "hello")
            try c.send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try c.readResponse(head: true)
            #expect(head.status == 200 && head.body.isEmpty && head.header("Content-Length") == String(Self.body.count))
            try c.send("GET /big HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"b1\"\r\n\r\n")
            #expect(try c.readResponse().status == 304)
            // A client reading slowly through a small window: the send resumes where the socket stopped taking it.
            let slow = try TestClient(port: server.port, receiveBuffer: 4096)
            try slow.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            usleep(200_000)
            #expect(try slow.readResponse().body == Self.body)
        }
    }

    /// Clients gone with a reset while their answers are still going out from the file: their connections
    /// close, and the next client gets the whole body. (sendfile has no MSG_NOSIGNAL; the server ignores SIGPIPE.)
    @Test func clientsLeavingMidSendDoNotStopTheServer() throws {
        let file = try #require(MemoryFile(name: "sendfile-test"))
        let copy = try #require(file.store(Self.body))
        try withServer(fromFile(copy)) { server in
            for _ in 0..<20 {
                let gone = try TestClient(port: server.port, receiveBuffer: 2048)
                try gone.send(String(repeating: "GET /big HTTP/1.1\r\nHost: t\r\n\r\n", count: 4))
                var linger = linger(l_onoff: 1, l_linger: 0)
                setsockopt(gone.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            }
            #expect(eventually { server.metrics.connections == 0 })
            let c = try TestClient(port: server.port)
            try c.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try c.readResponse().body == Self.body)
        }
    }
}
