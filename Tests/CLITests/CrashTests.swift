import Foundation
import FoundationNetworking
@_spi(RawSQL) import Store
import Synchronization
import TestSupport
import Testing

/// kill -9 of a serving riskmap in the middle of a burst of writes: the database passes integrity_check and
/// holds every write the server acknowledged (TARGETS.md, faults).
@Suite struct CrashTests {
    @Test func acknowledgedWritesSurviveKill9() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        let token = try CLI.run(["token", "create", "--name", "crash", "--role", "editor", "--db", db]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let served = try ServedRiskmap(db: db, extra: ["--workers", "2"])
        let server = served.process
        let port = served.port
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }

        // Two writers post sites until the server dies; each keeps the ids the server acknowledged.
        let acknowledged = Mutex<[Int]>([])
        let writers = (0..<2).map { w in
            Thread {
                for i in 0..<10_000 {
                    var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/collections/sites/items")!)
                    r.httpMethod = "POST"
                    r.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                    r.httpBody = Data(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.3]},"properties":{"name":"crash \#(w)-\#(i)","category":"school"}}"#.utf8)
                    let done = DispatchSemaphore(value: 0)
                    let id = Mutex<Int?>(nil)
                    URLSession.shared.dataTask(with: r) { data, response, _ in
                        if (response as? HTTPURLResponse)?.statusCode == 201, let data,
                           let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                            id.withLock { $0 = json["id"] as? Int }
                        }
                        done.signal()
                    }.resume()
                    done.wait()
                    guard let ack = id.withLock({ $0 }) else { return }
                    acknowledged.withLock { $0.append(ack) }
                }
            }
        }
        writers.forEach { $0.start() }
        while acknowledged.withLock({ $0.count }) < 50 { Thread.sleep(forTimeInterval: 0.01) }
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.3)
        let acks = acknowledged.withLock { $0 }
        #expect(acks.count >= 50)

        let store = try Store(path: db)
        let check = try store.read { try $0.connection.scalar("PRAGMA integrity_check").textValue }
        #expect(check == "ok")
        let missing = try store.read { r in try acks.filter { try r.feature(Int64($0), in: Catalog.sites) == nil } }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing)")
        // Every stored write is whole: its audit row is there too.
        let unaudited = try store.read { try $0.connection.scalar("""
            SELECT count(*) FROM sites s WHERE s.name LIKE 'crash %' AND NOT EXISTS
              (SELECT 1 FROM audit a WHERE a.layer = 'sites' AND a.feature_id = s.fid AND a.action = 'insert')
            """).intValue }
        #expect(unaudited == 0)
    }
}
