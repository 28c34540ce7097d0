import Foundation
import Testing

/// Links, TileJSON, the style and Location never carry a Host header the server does not answer to: a cache
/// in front would serve a poisoned style to everyone.
@Suite struct HostHeaderTests {
    /// A request sent by curl with the Host header given (URLSession would replace it).
    func curl(_ server: TestServer, _ path: String, host: String, extra: [String] = []) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-s", "-i", "-H", "Host: \(host)"] + extra + [server.base + path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aForeignHostIsNeverEchoed() throws {
        let server = try TestServer()
        let token = try server.token(.editor)
        for path in ["/style.json", "/tiles/risks.json", "/tiles", "/", "/collections", "/collections/sites/items?limit=1"] {
            let reply = try curl(server, path, host: "evil.example")
            #expect(reply.hasPrefix("HTTP/1.1 200"), "\(path): \(reply.prefix(80))")
            #expect(!reply.contains("evil.example"), "\(path) echoes the Host header")
        }
        let created = try curl(server, "/collections/sites/items", host: "evil.example:80", extra: [
            "-X", "POST", "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/geo+json",
            "-d", #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.62,31.31]},"properties":{"name":"s","category":"school"}}"#])
        #expect(created.hasPrefix("HTTP/1.1 201"))
        #expect(!created.contains("evil.example"))
        // The server's own names are kept, so links work for the client that asked.
        #expect(try curl(server, "/style.json", host: "localhost:\(server.service.port)").contains("http://localhost:\(server.service.port)/tiles/"))
    }

    @Test func aConfiguredPublicURLIsAlwaysUsed() throws {
        let server = try TestServer(demo: false) { $0.publicURL = "https://map.example.gov.cn/riskmap/" }
        let style = try curl(server, "/style.json", host: "127.0.0.1:\(server.service.port)")
        #expect(style.contains("\"https://map.example.gov.cn/riskmap/tiles/"))
        #expect(try curl(server, "/", host: "evil.example").contains("https://map.example.gov.cn/riskmap/collections"))
    }
}
