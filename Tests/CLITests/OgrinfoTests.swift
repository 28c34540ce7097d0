import Foundation
import TestSupport
import Testing

/// GDAL (and so QGIS) must open a riskmap database and see every layer with its geometry type and count.
@Suite struct OgrinfoTests {
    @Test func ogrinfoListsEveryLayerWithTypeAndCount() throws {
        let ogrinfo = URL(fileURLWithPath: "/usr/bin/ogrinfo")
        try #require(FileManager.default.isExecutableFile(atPath: ogrinfo.path),
                     "ogrinfo is missing: install gdal-bin (scripts/setup.sh does)")
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try CLI.run(["demo", "--db", db, "--seed", "2"]).status == 0)
        let listing = try CLI.run(["-ro", "-so", "-al", db], executable: ogrinfo)
        #expect(listing.status == 0, "\(listing.stderr)")
        let expected: [(String, String, Int?)] = [
            ("areas", "Multi Polygon", 47), ("roads", "Line String", nil), ("risk_sources", "Unknown (any)", 300),
            ("risks", "Point", 410), ("pipelines", "Line String", 30), ("sites", "Unknown (any)", 200),
            ("resources", "Point", nil), ("reports", "Unknown (any)", 6), ("alerts", "Point", nil),  // the demo's live reports raise alerts as any write does
        ]
        let blocks = listing.stdout.components(separatedBy: "Layer name: ").dropFirst()
        for (layer, type, count) in expected {
            let block = try #require(blocks.first { $0.hasPrefix(layer + "\n") }, "ogrinfo does not list \(layer)")
            #expect(block.contains("Geometry: \(type)"), "\(layer): \(block.prefix(200))")
            if let count { #expect(block.contains("Feature Count: \(count)\n"), "\(layer): \(block.prefix(300))") }
            #expect(block.contains("EPSG\",4326") || block.contains("ID[\"EPSG\",4326]"), "\(layer) is not EPSG:4326")
        }
    }
}
