import Foundation
import Glibc
import TestSupport
import Testing

/// `riskmap serve` sends large cached tiles from a memory file with sendfile, which has no MSG_NOSIGNAL: a
/// client that asks and leaves (a map panned away, a closed tab) must cost its connection, never the process.
/// The server ignores SIGPIPE for that; this test could not make the kernel raise one on loopback (it passes
/// without the ignore too), so it checks the outcome: the process lives on and still sends the tile it drew.
@Suite struct GoneClientTests {
    @Test func clientsLeavingMidTileDoNotStopTheServer() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        let server = try ServedRiskmap(db: db, extra: ["--workers", "2"])
        // The demo city's centre at zoom 11: every layer, well over the 16 KB from which tiles go by sendfile.
        let path = "/tiles/risks,sites,roads,areas,pipelines/11/1710/836.mvt"
        let drawn = try server.request("GET", path, headers: ["Accept-Encoding": "identity"])
        try #require(drawn.status == 200 && drawn.body.count >= 16 * 1024, "\(drawn.status) \(drawn.body.count)")
        for _ in 0..<30 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var small: Int32 = 2048
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(server.port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            try #require(connected == 0)
            let ask = Array(String(repeating: "GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n", count: 4).utf8)
            _ = ask.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            // Done asking (FIN), then gone with the answers unread (RST) while the server is still sending through
            // the small window: a socket reset after its peer's FIN fails the next send with EPIPE.
            shutdown(fd, Int32(SHUT_WR))
            usleep(2_000)
            var reset = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
            Glibc.close(fd)
        }
        usleep(300_000)
        #expect(server.process.isRunning, "the server's log ends: \(server.stop().suffix(1_000))")
        let again = try server.request("GET", path, headers: ["Accept-Encoding": "identity"])
        #expect(again.status == 200 && again.body == drawn.body, "a cached tile from the memory file is the tile drawn")
    }
}
