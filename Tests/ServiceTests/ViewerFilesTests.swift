import Foundation
import Glibc
import Testing

/// The viewer's static files: served with their media types and ETags from tiles/viewer/ only, `/` shown
/// to browsers while OGC clients keep the JSON landing page, and `q` searching names and credit codes.
@Suite struct ViewerFilesTests {
    static let tiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tiles").path

    /// The page's notice when MapLibre GL JS did not load: one line naming scripts/setup.sh, hidden until
    /// viewer.js finds no `maplibregl`, and shown before anything else the script does.
    @Test func thePageHasANoticeForAMissingMapLibre() throws {
        let html = try String(contentsOfFile: Self.tiles + "/viewer/index.html", encoding: .utf8)
        let notice = try #require(html.split(separator: "\n").first { $0.contains("id=\"maplibre-missing\"") })
        #expect(notice.contains("hidden") && notice.contains("scripts/setup.sh"))
        let script = try String(contentsOfFile: Self.tiles + "/viewer/viewer.js", encoding: .utf8)
        let check = try #require(script.range(of: "if (typeof maplibregl === \"undefined\") {"))
        let firstUse = try #require(script.range(of: "new maplibregl."))
        #expect(check.lowerBound < firstUse.lowerBound)
        #expect(script[check.upperBound...].prefix(200).contains("getElementById(\"maplibre-missing\").hidden = false"))
    }

    @Test func servesTheViewerFilesWithTypesAndETags() throws {
        let server = try TestServer(demo: false) { $0.tilesDirectory = Self.tiles }
        let page = server.get("/viewer/index.html")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.text.contains("viewer.js"))
        let tag = try #require(page.headers["etag"])
        #expect(server.get("/viewer/index.html", headers: ["If-None-Match": tag]).status == 304)
        #expect(server.get("/viewer/").text == page.text)
        #expect(server.get("/viewer/viewer.js").headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(server.get("/viewer/viewer.css").headers["content-type"] == "text/css; charset=utf-8")
        #expect(server.get("/viewer/missing.js").status == 404)
        #expect(server.get("/viewer/README").status == 404)
    }

    @Test func browsersGetTheViewerAndOGCClientsTheLandingPage() throws {
        let server = try TestServer(demo: false) { $0.tilesDirectory = Self.tiles }
        let browser = server.get("/", headers: ["Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"])
        #expect(browser.headers["content-type"] == "text/html; charset=utf-8")
        #expect(browser.text.contains("<html"))
        #expect(browser.headers["vary"]?.contains("Accept") == true)
        #expect(server.get("/?f=html").headers["content-type"] == "text/html; charset=utf-8")
        for accept in [nil, "application/json", "*/*", "text/html;q=0, application/json"] {
            let reply = server.get("/", headers: accept.map { ["Accept": $0] } ?? [:])
            #expect(reply.headers["content-type"] == "application/json", "Accept: \(accept ?? "none")")
            #expect(reply.object["links"] != nil)
        }
        let forced = server.get("/?f=json", headers: ["Accept": "text/html"])
        #expect(forced.headers["content-type"] == "application/json")
    }

    @Test func noPathLeavesTheViewerFolder() throws {
        // A tiles folder of our own: a secret beside viewer/, and links from inside viewer/ to it.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-viewer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let viewer = root.appendingPathComponent("viewer")
        try FileManager.default.createDirectory(at: viewer.appendingPathComponent("vendor"), withIntermediateDirectories: true)
        try "<html>viewer</html>".write(to: viewer.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "{\"secret\":1}".write(to: root.appendingPathComponent("secret.json"), atomically: true, encoding: .utf8)
        try "{\"hidden\":1}".write(to: viewer.appendingPathComponent(".hidden.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: viewer.appendingPathComponent("leak.json").path, withDestinationPath: "../secret.json")
        try FileManager.default.createSymbolicLink(atPath: viewer.appendingPathComponent("up").path, withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: viewer.appendingPathComponent("abs.json").path,
                                                   withDestinationPath: root.appendingPathComponent("secret.json").path)
        let server = try TestServer(demo: false) { $0.tilesDirectory = root.path }
        #expect(try Self.rawGet(server.service.port, "/viewer/index.html").status == 200)
        for path in ["/viewer/../secret.json", "/viewer/vendor/../../secret.json", "/viewer/%2e%2e/secret.json", "/viewer/%2E%2E/secret.json",
                     "/viewer/.%2e/secret.json", "/viewer/..%2fsecret.json", "/viewer/vendor%2f..%2f..%2fsecret.json",
                     "/viewer/%252e%252e/secret.json", "/viewer//secret.json", "/viewer/%2f" + root.path.dropFirst() + "/secret.json",
                     "/viewer/..\\secret.json", "/viewer/leak.json", "/viewer/abs.json", "/viewer/up/secret.json", "/viewer/.hidden.json",
                     "/viewer/index.html%00.json", "/viewer/vendor"] {
            let reply = try Self.rawGet(server.service.port, path)
            #expect(reply.status >= 400 && reply.status < 500, "\(path) answered \(reply.status)")
            #expect(!reply.body.contains("\"secret\":1") && !reply.body.contains("\"hidden\":1"), "\(path) leaked: \(reply.body)")
        }
    }

    @Test func qSearchesNamesAndCreditCodes() throws {
        let server = try TestServer()
        let first = try #require((server.get("/collections/risk_sources/items?limit=1").object["features"] as? [[String: Any]])?.first)
        let props = try #require(first["properties"] as? [String: Any])
        let name = try #require(props["name"] as? String)
        let code = try #require(props["credit_code"] as? String)
        for term in [String(name.prefix(4)), code] {
            let path = "/collections/risk_sources/items?limit=1000&q=" + term.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let hits = (server.get(path).object["features"] as? [[String: Any]]) ?? []
            #expect(hits.contains { "\($0["id"] ?? "")" == "\(first["id"] ?? "")" }, "q=\(term)")
            for hit in hits {
                let p = hit["properties"] as? [String: Any] ?? [:]
                #expect(((p["name"] as? String) ?? "").contains(term) || ((p["credit_code"] as? String) ?? "").contains(term))
            }
        }
        #expect(server.get("/collections/risk_sources/items?q=%25%25nothing%25").object["numberMatched"] as? Int == 0)
        #expect(server.get("/collections/reports/items?q=x").status == 400)
    }

    /// One GET over a raw socket: URLSession would tidy `..` and `%2e` away before sending.
    static func rawGet(_ port: Int, _ target: String) throws -> (status: Int, body: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(rc == 0, "connect failed")
        let request = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            bytes += chunk[..<n]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let status = Int(text.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? -1
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (status, body)
    }
}
