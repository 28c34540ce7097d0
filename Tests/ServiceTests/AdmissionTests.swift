import Foundation
import Testing

/// Writes that will be refused are refused on their head: the body of an unauthenticated or unauthorised
/// upload is never read (60 such clients once took the server from 97 MiB to 1 GiB).
@Suite struct WriteAdmissionTests {
    /// curl's status and the bytes of the body it sent (it sends `Expect: 100-continue` and waits for the
    /// server's word before the body).
    func upload(_ server: TestServer, _ path: String, token: String?, file: URL) throws -> (status: Int, sent: Int) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        var args = ["-s", "-o", "/dev/null", "-w", "%{http_code} %{size_upload}", "-X", "POST", "-H", "Expect: 100-continue",
                    "-H", "Content-Type: application/geo+json", "--expect100-timeout", "20", "--data-binary", "@\(file.path)"]
        if let token { args += ["-H", "Authorization: Bearer \(token)"] }
        p.arguments = args + [server.base + path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let parts = text.split(separator: " ")
        return (Int(parts.first ?? "") ?? -1, Int(Double(parts.last ?? "") ?? -1))
    }

    @Test func refusedUploadsAreAnsweredBeforeTheirBody() throws {
        let server = try TestServer(demo: false)
        let file = server.dir.appendingPathComponent("big.geojson")
        try Data(repeating: UInt8(ascii: " "), count: 8 << 20).write(to: file)
        let viewer = try server.token(.viewer)
        for (path, token, status) in [("/collections/sites/items", nil, 401), ("/collections/sites/items", "rmk_wrong", 401),
                                      ("/collections/sites/items", viewer, 403), ("/imports?layer=sites", viewer, 403)] as [(String, String?, Int)] {
            let r = try upload(server, path, token: token, file: file)
            #expect(r.status == status, "\(path) with \(token ?? "no token")")
            #expect(r.sent < 1 << 20, "\(path): \(r.sent) bytes of the body were sent before the refusal")
        }
    }
}
