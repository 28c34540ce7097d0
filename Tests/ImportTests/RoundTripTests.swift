import DemoCity
import Foundation
import TestSupport
import GeoKit
import Import
import Store
import Testing

/// Export a layer, import the file into an empty database, and get the same features back.
@Suite struct RoundTripTests {
    /// Layers in an order where every reference points backwards (sources before their risks and reports).
    static let layers = [Catalog.areas, Catalog.roads, Catalog.riskSources, Catalog.risks, Catalog.pipelines, Catalog.sites,
                         Catalog.resources, Catalog.reports]

    static func features(_ db: TempDatabase, _ layer: LayerSchema) throws -> [Feature] {
        try db.store.read { r in
            var out: [Feature] = []
            try r.forEachFeature(in: layer) { f in
                var f = f
                f.properties["updated_at"] = nil  // the time of the write, which an import sets anew
                out.append(f)
            }
            return out
        }
    }

    @Test(arguments: ExportFormat.allCases) func everyLayerOfTheDemoCityRoundTrips(format: ExportFormat) throws {
        let original = try TempDatabase()
        _ = try DemoCity(scale: .small, seed: 3).write(into: original.store)
        let copy = try TempDatabase()
        for layer in Self.layers {
            let file = copy.file("\(layer.name).\(format.rawValue)")
            let written = try Exporter.export(layer, from: original.store, format: format, to: try FileSink(path: file))
            let s = try importFile(file, into: layer, db: copy, format: format)
            #expect(s.read == written && s.inserted == written && s.rejected == 0, "\(layer.name): \(s.line)")
        }
        // Compared once every layer is in: enterprise colours depend on the risks imported after them.
        for layer in Self.layers {
            let before = try Self.features(original, layer), after = try Self.features(copy, layer)
            #expect(before.count == after.count && !before.isEmpty, "\(layer.name)")
            // Ids match too: an empty layer numbers its rows from 1 in file order, as the demo did.
            for (a, b) in zip(before, after) where a != b {
                Issue.record("\(layer.name) \(a.id ?? 0): exported \(a), imported \(b)")
                break
            }
        }
    }

    @Test func theCLIExportsAndImportsWithABoundingBox() throws {
        let original = try TempDatabase()
        _ = try DemoCity(scale: .small, seed: 4).write(into: original.store)
        let file = original.file("sites.geojson")
        let bbox = "120.55,31.25,120.65,31.35"
        let out = try CLI.run(["export", "sites", "--format", "geojson", "--out", file, "--bbox", bbox, "--db", original.path])
        #expect(out.status == 0, "\(out.stderr)")
        let box = BBox(minX: 120.55, minY: 31.25, maxX: 120.65, maxY: 31.35)
        let inside = try original.store.read { try $0.features(in: Catalog.sites, bbox: box).count }
        #expect(inside > 0 && inside < 200)
        #expect(out.stdout.contains("exported \(inside) sites features"))
        let copy = try TempDatabase()
        let imported = try CLI.run(["import", "sites", file, "--db", copy.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("read \(inside), imported \(inside)"))
        #expect(try copy.count(Catalog.sites) == inside)
        // To standard output, with the summary on stderr so the data stays clean.
        let csv = try CLI.run(["export", "resources", "--format", "csv", "--db", original.path])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("fid,name,kind,capacity,district,phone,updated_at,wkt\r\n"))
        #expect(csv.stderr.contains("exported"))
    }

    @Test func upsertUpdatesByKeyAndReplaceStartsAfresh() throws {
        let db = try TempDatabase()
        let first = db.file("a.csv"), second = db.file("b.csv")
        try Samples.write("name,category,capacity,lon,lat\r\n一中,school,100,120.6,31.3\r\n二中,school,200,120.61,31.3\r\n", to: first)
        try Samples.write("name,capacity,lon,lat\r\n二中,250,120.61,31.3\r\n三中,300,120.62,31.3\r\n", to: second)
        _ = try importFile(first, into: Catalog.sites, db: db, format: .csv)
        // 三中 has no category, which a new site needs; 二中 keeps its stored category.
        #expect(throws: ImportRejected.self) { try importFile(second, into: Catalog.sites, db: db, format: .csv, mode: .upsert, key: "name") }
        let s = try importFile(second, into: Catalog.sites, db: db, format: .csv, mode: .upsert, key: "name", skipInvalid: true)
        #expect(s.updated == 1 && s.inserted == 0 && s.rejected == 1)
        #expect(s.rejections.first?.problems.first?.contains("category: is required") == true)
        let second2 = try db.store.read { try $0.feature(2, in: Catalog.sites) }
        #expect(second2?["capacity"] == .integer(250))
        #expect(second2?["category"] == "school")
        let r = try importFile(first, into: Catalog.sites, db: db, format: .csv, mode: .replace)
        #expect(r.deleted == 2 && r.inserted == 2)
        #expect(try db.store.read { try $0.features(in: Catalog.sites, bbox: BBox(minX: 120, minY: 31, maxX: 121, maxY: 32)).map(\.id) } == [3, 4])
    }

    /// Gauss-Krüger input (CGCS2000 / 3-degree GK CM 120E, EPSG:4549: easting, northing in metres) against
    /// reference values from PROJ's own cs2cs 9.1.1: `cs2cs -f %.10f EPSG:4549 EPSG:4326` (northing easting → lat lon).
    @Test func gaussKrugerInputLandsWithinOneCentimetreOfPROJ() throws {
        let db = try TempDatabase()
        let file = db.file("gk.csv")
        let reference: [(e: Double, n: Double, lon: Double, lat: Double)] = [
            (560000, 3466000, 120.6303155603, 31.3143633169),
            (420000, 3500000, 119.1568524559, 31.6197715836),
            (610000, 3380000, 121.1462215030, 30.5351718803),
        ]
        try Samples.write("name,kind,x,y\n" + reference.enumerated().map { "站\($0.offset),fire_station_1,\($0.element.e),\($0.element.n)\n" }.joined(), to: file)
        let s = try importFile(file, into: Catalog.resources, db: db, format: .csv, crs: "EPSG:4549")
        #expect(s.inserted == 3)
        for (i, ref) in reference.enumerated() {
            let f = try #require(try db.store.read { try $0.feature(Int64(i + 1), in: Catalog.resources) })
            guard case .point(let p)? = f.geometry else { Issue.record("no point"); continue }
            let dx = (p.x - ref.lon) * 111_320 * cos(ref.lat * .pi / 180), dy = (p.y - ref.lat) * 110_574
            #expect((dx * dx + dy * dy).squareRoot() < 0.01, "\(p) vs \(ref)")
        }
    }

    /// CGCS2000 geographic (EPSG:4490) and WGS 84 differ by centimetres at most; GeoJSON properties renamed by a mapping.
    @Test func cgcs2000InputAndAGeoJSONMapping() throws {
        let db = try TempDatabase()
        let file = db.file("stations.geojson")
        try Samples.write(#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6303155603,31.3143633169]},"properties":{"名称":"姑苏消防站","类型":"一级消防站","人数":40}}]}"#, to: file)
        let mapping = try ImportMapping(json: try JSONParser.parse(#"{"layer":"resources","crs":"EPSG:4490","fields":{"名称":"name","类型":"kind","人数":"capacity"}}"#))
        try mapping.check(for: Catalog.resources)
        let s = try importFile(file, into: Catalog.resources, db: db, format: .geojson, mapping: mapping)
        #expect(s.inserted == 1)
        let f = try #require(try db.store.read { try $0.feature(1, in: Catalog.resources) })
        #expect(f["name"] == "姑苏消防站" && f["kind"] == "fire_station_1" && f["capacity"] == .integer(40))
        guard case .point(let p)? = f.geometry else { Issue.record("no point"); return }
        #expect(abs(p.x - 120.6303155603) < 1e-6 && abs(p.y - 31.3143633169) < 1e-6, "\(p)")
        #expect(throws: ImportError.self) {
            try ImportMapping(json: try JSONParser.parse(#"{"fields":{"名称":"title"}}"#)).check(for: Catalog.resources)
        }
    }
}
