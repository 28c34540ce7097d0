import Foundation
@_spi(RawSQL) import Store
import TestSupport
import Testing

/// GDAL's OGC API – Features client pulling a collection from a live server into a GeoPackage: no complaint
/// about the API document's media type, the real field typed Real (a page whose values are all whole numbers
/// must not make it Integer), and a fractional value kept.
@Suite struct GDALFeaturesTests {
    @Test func ogr2ogrPullsRealsAsReals() throws {
        let ogr2ogr = URL(fileURLWithPath: "/usr/bin/ogr2ogr"), ogrinfo = URL(fileURLWithPath: "/usr/bin/ogrinfo")
        try #require(FileManager.default.isExecutableFile(atPath: ogr2ogr.path), "ogr2ogr is missing: install gdal-bin (scripts/setup.sh does)")
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        // Whole-number radii on the first pages, one fractional radius on the last risk.
        let last = try Store(path: db).withWriterSnapshot { c -> Int64 in
            try c.execute("UPDATE risks SET impact_radius_m = 50")
            let fid = try c.scalar("SELECT max(fid) FROM risks").intValue!
            try c.execute("UPDATE risks SET impact_radius_m = 12.5 WHERE fid = \(fid)")
            return fid
        }
        let server = try ServedRiskmap(db: db, extra: ["--workers", "2"])
        let item = try server.request("GET", "/collections/risks/items/\(last - 1)")
        #expect(item.text.contains(#""impact_radius_m":50.0"#), "\(item.text.prefix(400))")

        let gpkg = dir.appendingPathComponent("risks.gpkg").path
        let pulled = try CLI.run(["-f", "GPKG", gpkg, "OAPIF:http://127.0.0.1:\(server.port)", "risks"], executable: ogr2ogr)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(!pulled.stderr.contains("Unexpected Content-Type"), "\(pulled.stderr)")
        let schema = try CLI.run(["-ro", "-so", gpkg, "risks"], executable: ogrinfo)
        #expect(schema.stdout.contains("impact_radius_m: Real"), "\(schema.stdout)")
        let fractional = try CLI.run(["-ro", gpkg, "-sql", "SELECT count(*) AS n FROM risks WHERE impact_radius_m = 12.5"], executable: ogrinfo)
        #expect(fractional.stdout.contains("n (Integer) = 1"), "\(fractional.stdout)")
        let count = try Connection(path: db, mode: .readOnly).scalar("SELECT count(*) FROM risks").intValue ?? 0
        #expect(schema.stdout.contains("Feature Count: \(count)"), "\(schema.stdout)")
    }

    /// GDAL's `-where` on an OAPIF layer becomes a CQL2 filter sent to the server (GDAL finds the properties and the
    /// filter language in the layer's own path of the OpenAPI document), and the field types come from the
    /// collection's JSON Schema.
    @Test func whereClausesAreFilteredOnTheServer() throws {
        let ogr2ogr = URL(fileURLWithPath: "/usr/bin/ogr2ogr"), ogrinfo = URL(fileURLWithPath: "/usr/bin/ogrinfo")
        try #require(FileManager.default.isExecutableFile(atPath: ogr2ogr.path), "ogr2ogr is missing: install gdal-bin (scripts/setup.sh does)")
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try CLI.run(["demo", "--db", db, "--scale", "city"]).status == 0)
        let (wanted, total) = try { () throws -> (Int64, Int64) in
            let c = try Connection(path: db, mode: .readOnly)
            return (try c.scalar("SELECT count(*) FROM resources WHERE kind = 'rescue_team' OR capacity > 5000").intValue ?? 0,
                    try c.scalar("SELECT count(*) FROM resources").intValue ?? 0)
        }()
        #expect(wanted > 0 && total > 20 + wanted, "the demo has \(wanted) of \(total)")
        let server = try ServedRiskmap(db: db, extra: ["--workers", "2"])
        let out = dir.appendingPathComponent("picked.geojson").path
        let pulled = try CLI.run(["-f", "GeoJSON", out, "OAPIF:http://127.0.0.1:\(server.port)", "resources",
                                  "-where", "kind = 'rescue_team' OR capacity > 5000"], executable: ogr2ogr)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let picked = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        #expect((picked?["features"] as? [Any])?.count == Int(wanted))
        let fields = try CLI.run(["-ro", "-so", "OAPIF:http://127.0.0.1:\(server.port)", "sites"], executable: ogrinfo)
        #expect(fields.stdout.contains("valid_from: DateTime") && fields.stdout.contains("capacity: Integer"), "\(fields.stdout)")
        let log = server.stop()
        let items = log.split(separator: "\n").filter { $0.contains("/collections/resources/items") }
        // One page to learn the schema, then the filtered pages: 10 a page (GDAL's default) for what matches, not for all.
        let filtered = items.filter { $0.contains("filter=") }
        #expect(filtered.count == (Int(wanted) + 9) / 10, "\(items.joined(separator: "\n"))")
        #expect(items.count == filtered.count + 1, "\(items.joined(separator: "\n"))")
    }
    /// The computed layers are layers to GDAL too: listed with their geometry types, and pulled whole through the
    /// `next` links (threat zones by cursor) with as many features as the analysis endpoints give.
    @Test func computedCollectionsAreLayers() throws {
        let ogr2ogr = URL(fileURLWithPath: "/usr/bin/ogr2ogr"), ogrinfo = URL(fileURLWithPath: "/usr/bin/ogrinfo")
        try #require(FileManager.default.isExecutableFile(atPath: ogr2ogr.path), "ogr2ogr is missing: install gdal-bin (scripts/setup.sh does)")
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        let server = try ServedRiskmap(db: db, extra: ["--workers", "2"])
        let url = "OAPIF:http://127.0.0.1:\(server.port)"
        let layers = try CLI.run(["-ro", "-q", url], executable: ogrinfo)
        let lines = layers.stdout.split(separator: "\n")
        #expect(lines.contains { $0.contains(": pipeline_hca (") && $0.hasSuffix("(Line String)") }, "\(layers.stdout)")
        #expect(lines.contains { $0.contains(": threat_zones (") && $0.hasSuffix("(Polygon)") }, "\(layers.stdout)")
        for (layer, analysis) in [("pipeline_hca", "/analysis/pipeline-hca"), ("threat_zones", "/analysis/threat-zones?bbox=-180,-90,180,90")] {
            let expected = try server.request("GET", analysis).text.components(separatedBy: #""type":"Feature""#).count - 1
            let out = dir.appendingPathComponent(layer + ".geojson").path
            let pulled = try CLI.run(["-f", "GeoJSON", out, url, layer], executable: ogr2ogr)
            #expect(pulled.status == 0, "\(pulled.stderr)")
            let features = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])?["features"] as? [Any]
            #expect(expected > 0 && features?.count == expected, "\(layer): \(features?.count ?? -1) pulled, \(expected) expected")
        }
    }
}
