import Foundation
import TestSupport
import Glibc
import Import
import Projection
@_spi(RawSQL) import Store
import Testing

@Suite(.serialized) struct StreamingTests {
    /// 200,000 features go in through a reader that never holds more than one 64 KiB chunk and the feature being read.
    @Test func aLargeCollectionImportsWithBoundedMemory() throws {
        let db = try TempDatabase()
        let file = db.file("sites.geojson")
        try writeSites(count: 200_000, to: file)
        let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as! Int
        let chunk = 64 << 10
        var reader = try GeoJSONFeatureReader(path: file, layer: Catalog.sites, mapping: nil, system: .crs(.wgs84),
                                              context: ProjContext(), chunkSize: chunk)
        let importer = try Importer(store: db.store, layer: Catalog.sites, options: ImportOptions(sourceName: "sites.geojson"),
                                    context: Samples.importer)
        let s = try importer.run(&reader)
        #expect(s.inserted == 200_000)
        #expect(try db.count(Catalog.sites) == 200_000)
        // One feature here is under 200 bytes; the document is 170 times the chunk.
        #expect(reader.peakBufferedBytes < chunk + 1024, "peak \(reader.peakBufferedBytes) bytes for a \(size)-byte file")
        #expect(size > 100 * chunk)
    }

    /// kill -9 in the middle of an import leaves the database exactly as it was: the import is one transaction.
    @Test func killingAnImportMidwayLeavesTheDatabaseAsBefore() throws {
        let db = try TempDatabase()
        _ = try importFile(Samples.cleanRegister, into: Catalog.risks, db: db, format: .csv,
                           mapping: try ImportMapping.load(path: Samples.registerMapping))
        let before = try db.fingerprint()
        let file = db.file("sites.geojson")
        try writeSites(count: 200_000, to: file)

        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["import", "sites", file, "--db", db.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the child has read a third of the file and written pages of its transaction (its I/O counters
        // in /proc), so the kill lands in the middle of the import.
        let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as! Int
        var io: [String: Int] = [:]
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, p.isRunning {
            io = Self.ioCounters(pid: p.processIdentifier)
            if io["rchar", default: 0] > size / 3, io["wchar", default: 0] > 1 << 20 { break }
            usleep(20_000)
        }
        #expect(p.isRunning, "the import ended before it could be killed")
        #expect(io["rchar", default: 0] > size / 3, "killed before the import was under way: \(io)")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)

        let reopened = try Store(path: db.path)
        let check = try reopened.read { try $0.connection.scalar("PRAGMA integrity_check") }
        #expect(check == .text("ok"))
        let after = try reopened.read { r in
            try Catalog.layers.map { "\($0.name) \(try r.count($0)) \(try r.digest($0))" }
                + ["audit \(try r.connection.scalar("SELECT count(*) FROM audit"))"]
        }
        #expect(after == before)
    }

    /// The `rchar`/`wchar` byte counters of a process (bytes it has read and written through system calls).
    static func ioCounters(pid: Int32) -> [String: Int] {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8) else { return [:] }
        var out: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":")
            if parts.count == 2, let v = Int(parts[1].trimmingCharacters(in: .whitespaces)) { out[String(parts[0])] = v }
        }
        return out
    }
}
