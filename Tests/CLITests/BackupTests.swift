import Foundation
@_spi(RawSQL) import Store
import Synchronization
import TestSupport
import Testing

/// `riskmap backup` while a server writes: the copy is whole (integrity_check), holds every write the server
/// acknowledged before the backup started, and `riskmap restore` brings it back.
@Suite struct BackupTests {
    static let site = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.61,31.31]},"properties":{"name":"%@","category":"school"}}"#

    @Test func aBackupTakenWhileAServerWritesHoldsEveryAcknowledgedWrite() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("live.sqlite").path
        #expect(try CLI.run(["demo", "--scale", "small", "--db", db]).status == 0)
        let token = try CLI.run(["token", "create", "--name", "writer", "--role", "editor", "--db", db]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServedRiskmap(db: db, extra: ["--workers", "2"])
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/geo+json"]

        // A writer keeps adding sites; each acknowledged one is noted with when its answer came.
        let acknowledged = Mutex<[(id: Int, at: Date)]>([])
        let stop = Atomic<Bool>(false)
        let writerDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var n = 0
            while !stop.load(ordering: .relaxed) {
                n += 1
                let body = Data(String(format: Self.site, "site \(n)").utf8)
                if let r = try? server.request("POST", "/collections/sites/items", body: body, headers: auth), r.status == 201,
                   let id = r.json["id"] as? Int {
                    acknowledged.withLock { $0.append((id, Date())) }
                }
            }
            writerDone.signal()
        }
        Thread.sleep(forTimeInterval: 0.5)
        let started = Date()
        let backup = dir.appendingPathComponent("copy.sqlite").path
        let run = try CLI.run(["backup", "--to", backup, "--db", db])
        Thread.sleep(forTimeInterval: 0.3)
        stop.store(true, ordering: .relaxed)
        writerDone.wait()
        server.stop()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("integrity ok"))

        let copy = try Connection(path: backup, mode: .readOnly)
        #expect(try copy.scalar("PRAGMA integrity_check").textValue == "ok")
        let before = acknowledged.withLock { $0.filter { $0.at < started }.map(\.id) }
        let after = acknowledged.withLock { $0.filter { $0.at > started }.count }
        #expect(before.count > 0 && after > 0, "the writer ran before and during the backup: \(before.count), \(after)")
        for id in before {
            #expect(try copy.scalar("SELECT count(*) FROM sites WHERE fid = \(id)").intValue == 1, "site \(id) acknowledged before the backup")
        }

        // Restore into a new file, and refuse to overwrite without --force.
        let restored = dir.appendingPathComponent("restored.sqlite").path
        let r = try CLI.run(["restore", "--from", backup, "--db", restored])
        #expect(r.status == 0, "\(r.stderr)")
        let copied = try copy.scalar("SELECT count(*) FROM sites").intValue
        #expect(try Connection(path: restored, mode: .readOnly).scalar("SELECT count(*) FROM sites").intValue == copied)
        let refused = try CLI.run(["restore", "--from", backup, "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("--force"))
        #expect(try CLI.run(["backup", "--to", backup, "--db", db]).status == 1, "an existing file is not overwritten")
    }
}
