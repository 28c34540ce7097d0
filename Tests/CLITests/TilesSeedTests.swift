import Foundation
import TestSupport
import Testing

/// `riskmap tiles seed` writes MBTiles that GDAL reads, and a z/x/y pyramid of the same tiles.
@Suite struct TilesSeedTests {
    @Test func mbtilesOpenInGDALWithEveryLayer() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path, mbtiles = dir.appendingPathComponent("city.mbtiles").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        let seeded = try CLI.run(["tiles", "seed", "--db", db, "--zooms", "11-14", "--mbtiles", mbtiles])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(seeded.stdout.contains("tiles written"))
        let ogrinfo = URL(fileURLWithPath: "/usr/bin/ogrinfo")
        try #require(FileManager.default.isExecutableFile(atPath: ogrinfo.path), "ogrinfo is missing: scripts/setup.sh --test installs gdal-bin")
        let listing = try CLI.run(["-ro", "-so", mbtiles], executable: ogrinfo)
        #expect(listing.stdout.contains("using driver `MBTiles' successful"))
        for layer in ["areas", "roads", "pipelines", "sites", "resources", "risk_sources", "risks", "reports"] {
            #expect(listing.stdout.contains(": \(layer)"), "GDAL does not see \(layer)")
        }
        #expect(listing.stdout.contains("format=pbf"))
        // At zoom 14 GDAL merges the tiles back into features: every risk of the small city is there.
        let risks = try CLI.run(["-ro", "-so", "-oo", "ZOOM_LEVEL=14", mbtiles, "risks"], executable: ogrinfo)
        let count = risks.stdout.split(separator: "\n").first { $0.hasPrefix("Feature Count:") }.flatMap { Int($0.split(separator: " ").last!) }
        #expect((count ?? 0) >= 410, "\(risks.stdout.prefix(500))")
    }

    @Test func directoryPyramidAndUsageErrors() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        let out = dir.appendingPathComponent("pyramid").path
        #expect(try CLI.run(["tiles", "seed", "--db", db, "--layers", "risks", "--zooms", "12-13", "--dir", out]).status == 0)
        let files = FileManager.default.enumerator(atPath: out)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".mvt") } ?? []
        #expect(!files.isEmpty && files.allSatisfy { $0.hasPrefix("12/") || $0.hasPrefix("13/") })
        // GDAL's MVT driver reads a z/x/y tile of the pyramid on its own (an independent decoder).
        let ogrinfo = URL(fileURLWithPath: "/usr/bin/ogrinfo")
        try #require(FileManager.default.isExecutableFile(atPath: ogrinfo.path), "ogrinfo is missing: scripts/setup.sh --test installs gdal-bin")
        func size(_ f: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: out + "/" + f))?[.size] as? Int) ?? 0 }
        let largest = try #require(files.max { size($0) < size($1) })
        let gdal = try CLI.run(["-ro", "-al", "-so", out + "/" + largest], executable: ogrinfo)
        #expect(gdal.stdout.contains("using driver `MVT' successful"), "\(gdal.stdout.prefix(300)) \(gdal.stderr)")
        #expect(gdal.stdout.contains("Layer name: risks"))
        let count = gdal.stdout.split(separator: "\n").first { $0.hasPrefix("Feature Count:") }.flatMap { Int($0.split(separator: " ").last!) } ?? 0
        #expect(count > 0)
        #expect(try CLI.run(["tiles", "seed", "--db", db, "--layers", "secrets", "--dir", out]).status == 64)
        #expect(try CLI.run(["tiles", "seed", "--db", db, "--zooms", "9-3", "--dir", out]).status == 64)
        #expect(try CLI.run(["tiles", "seed", "--db", db]).status == 64)
    }

    /// An unknown layer is the user's mistake, told as one: a usage error naming the layer and the layers
    /// there are, not the HTTP status the server would answer.
    @Test func unknownLayerIsAUsageErrorNamingTheKnownLayers() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("empty.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let r = try CLI.run(["tiles", "seed", "--db", db, "--layers", "risks,nope", "--dir", dir.appendingPathComponent("out").path])
        #expect(r.status == 64)
        let lines = r.stderr.split(separator: "\n")
        let error = try #require(lines.first)
        #expect(error.hasPrefix("riskmap: error: unknown tile layer 'nope'"), "\(r.stderr)")
        for layer in ["areas", "roads", "pipelines", "sites", "resources", "risk_sources", "risks", "reports", "grid"] {
            #expect(error.contains(layer), "\(error) does not name \(layer)")
        }
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("Usage: riskmap tiles ") }, "\(r.stderr)")
        #expect(!r.stderr.contains("404") && !r.stderr.contains("Not Found"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
