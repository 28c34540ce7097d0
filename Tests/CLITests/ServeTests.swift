import Foundation
import TestSupport
import FoundationNetworking
import Testing

/// `riskmap serve` as an operator runs it: it says where it listens, answers, and on SIGTERM finishes and exits 0.
@Suite struct ServeTests {
    @Test func servesAndStopsCleanlyOnSIGTERM() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["serve", "--db", db, "--port", "0", "--workers", "2"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        defer { if p.isRunning { p.terminate() } }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let first = String(decoding: line, as: UTF8.self)
        let port = try #require(first.split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) }, "no address in '\(first)'")
        let body = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/health")!)
        #expect(String(decoding: body, as: UTF8.self).contains("\"status\":\"ok\""))
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("\"GET /health\" 200"), "access log: \(log)")
        #expect(log.contains("stopped"))
    }

    /// The access log names the token by id, never its secret, and keeps the query string; the JSON form
    /// carries the same fields one object a line.
    @Test(arguments: ["text", "json"])
    func theAccessLogSaysWhoAskedWhatAndWhen(format: String) throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("log.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let secret = try CLI.run(["token", "create", "--name", "duty desk", "--role", "viewer", "--db", db]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let config = dir.appendingPathComponent("c.json")
        try Data(#"{"anonymousReads": false, "accessLogFormat": "\#(format)"}"#.utf8).write(to: config)
        let server = try ServedRiskmap(db: db, extra: ["--config", config.path, "--workers", "1"])
        #expect(try server.request("GET", "/collections/risks/items?limit=3", headers: ["Authorization": "Bearer \(secret)"]).status == 200)
        #expect(try server.request("GET", "/collections/risks/items?limit=3").status == 401)
        let log = server.stop()
        #expect(!log.contains(secret))
        let lines = log.split(separator: "\n").filter { $0.contains("/collections/risks/items?limit=3") }
        try #require(lines.count == 2, "\(log)")
        if format == "json" {
            let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(objects.count == 2)
            #expect(objects.first?["actor"] as? String == "token 1" && objects.first?["status"] as? Int == 200)
            #expect(objects.last?["actor"] == nil && objects.last?["status"] as? Int == 401)
        } else {
            #expect(lines[0].hasPrefix("20") && lines[0].contains("Z 127.0.0.1:"))
            #expect(lines[0].contains("\"GET /collections/risks/items?limit=3\" 200 ") && lines[0].hasSuffix("actor=\"token 1\""))
            #expect(lines[1].contains("\" 401 ") && !lines[1].contains("actor="))
        }
    }

    /// `riskmap --version` names the build the server reports on /health and /metrics, and the libraries.
    @Test func versionMatchesWhatTheServerReports() throws {
        let cli = try CLI.run(["--version"])
        #expect(cli.status == 0)
        let line = cli.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let version = try #require(line.split(separator: " ").dropFirst().first.map(String.init))
        #expect(line.hasPrefix("riskmap ") && line.contains("sqlite 3.") && line.contains("spatialite ") && line.contains("proj "), "\(line)")
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("v.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let server = try ServedRiskmap(db: db, extra: ["--workers", "1"])
        let health = try JSONSerialization.jsonObject(with: try server.request("GET", "/health").body) as? [String: Any]
        #expect(health?["version"] as? String == version)
        let metrics = String(decoding: try server.request("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("riskmap_build_info{version=\"\(version)\""))
    }

    /// Started from another directory, the server still finds the checkout's viewer (above its binary) and
    /// says so; told a tiles folder that is nowhere, it says what will not work and how to fix it.
    @Test func theViewerIsFoundFromAnotherDirectoryOrItsAbsenceSaid() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("v.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        func serve(_ extra: [String]) throws -> (log: String, viewer: Int) {
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = ["serve", "--db", db, "--port", "0", "--workers", "1"] + extra
            p.currentDirectoryURL = dir
            let out = Pipe(), err = Pipe()
            (p.standardOutput, p.standardError) = (out, err)
            try p.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let port = String(decoding: line, as: UTF8.self).split(separator: ":").last.flatMap { Int($0.filter(\.isNumber)) }
            var status = 0
            if let port, let url = URL(string: "http://127.0.0.1:\(port)/viewer/") {
                let done = DispatchSemaphore(value: 0)
                nonisolated(unsafe) var code = 0
                URLSession.shared.dataTask(with: url) { _, r, _ in
                    code = (r as? HTTPURLResponse)?.statusCode ?? 0
                    done.signal()
                }.resume()
                done.wait()
                status = code
            }
            p.terminate()
            p.waitUntilExit()
            return (String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), status)
        }
        let found = try serve([])
        #expect(found.viewer == 200, "\(found.log)")
        #expect(found.log.contains("tiles folder (style and viewer) ") && found.log.contains("tiles holds no viewer here"), "\(found.log)")
        let config = dir.appendingPathComponent("c.json")
        try Data(#"{"tilesDirectory": "/nowhere/tiles"}"#.utf8).write(to: config)
        let missing = try serve(["--config", config.path])
        #expect(missing.viewer == 404)
        let lines = missing.log.split(separator: "\n").filter { $0.contains("no viewer found") }
        #expect(lines.count == 1 && lines[0].contains("/nowhere/tiles") && lines[0].contains("tilesDirectory"), "\(missing.log)")
    }

    @Test func badConfigIsOneClearLine() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("e.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let config = dir.appendingPathComponent("c.json")
        try Data(#"{"port": 8080, "wrokers": 4}"#.utf8).write(to: config)
        let r = try CLI.run(["serve", "--db", db, "--config", config.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("unknown setting 'wrokers'"), "\(r.stderr)")
        #expect(try CLI.run(["serve", "--db", db, "--port", "70000"]).status == 64)
    }

    /// A server whose tiles folder lacks MapLibre GL JS says so once at start, naming scripts/setup.sh; with
    /// the vendor files in place it says nothing about them.
    @Test func aMissingMapLibreIsLoggedOnceAtStart() throws {
        let dir = try CLI.tempDir()
        let tiles = try ViewerTiles.withoutVendor()
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(atPath: tiles)
        }
        let db = dir.appendingPathComponent("empty.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let config = dir.appendingPathComponent("config.json").path
        try Data("{\"tilesDirectory\": \"\(tiles)\"}".utf8).write(to: URL(fileURLWithPath: config))

        let without = try ServedRiskmap(db: db, extra: ["--config", config, "--workers", "1"]).stop()
        let lines = without.split(separator: "\n").filter { $0.contains("MapLibre GL JS") }
        #expect(lines.count == 1, "\(without)")
        #expect(lines.first?.contains("scripts/setup.sh") == true && lines.first?.contains(tiles + "/viewer/vendor/maplibre-gl.js") == true)

        try FileManager.default.createDirectory(atPath: tiles + "/viewer/vendor", withIntermediateDirectories: true)
        for name in ["maplibre-gl.js", "maplibre-gl.css"] {
            try Data("/* vendor */".utf8).write(to: URL(fileURLWithPath: tiles + "/viewer/vendor/" + name))
        }
        let with = try ServedRiskmap(db: db, extra: ["--config", config, "--workers", "1"]).stop()
        #expect(!with.contains("MapLibre GL JS"), "\(with)")
    }
}
