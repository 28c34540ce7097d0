import Foundation
import TestSupport
import GeoKit
import Import
@_spi(RawSQL) import Store
import Testing

@Suite struct OSMImportTests {
    static let malta = "/work/shared/data/osm/malta-2016-11-09.osm.pbf"
    static let rheinNeckar = "/work/shared/data/osm/rhein-neckar-roads.osm.pbf"

    static func importOSM(_ path: String, layers: [LayerSchema], into db: TempDatabase) throws -> ImportSummary {
        var reader = try OSMFeatureReader(path: path, layers: layers)
        let importer = try Importer(store: db.store, layers: layers, options: ImportOptions(sourceName: (path as NSString).lastPathComponent),
                                    context: Samples.importer)
        return try importer.run(&reader)
    }

    /// The sizes of the connected components of the road graph (edges joined by shared end nodes), largest first.
    static func components(_ db: TempDatabase) throws -> [Int] {
        let edges = try db.store.read { r in
            var out: [(Int64, Int64)] = []
            let s = try r.connection.prepare("SELECT from_node, to_node FROM roads")
            while try s.step() { out.append((s.int64(0), s.int64(1))) }
            return out
        }
        var parent: [Int64: Int64] = [:]
        func find(_ x: Int64) -> Int64 {
            var x = x
            while let p = parent[x], p != x { parent[x] = parent[p] ?? p; x = p }
            return x
        }
        for (a, b) in edges {
            if parent[a] == nil { parent[a] = a }
            if parent[b] == nil { parent[b] = b }
            let ra = find(a), rb = find(b)
            if ra != rb { parent[ra] = rb }
        }
        var size: [Int64: Int] = [:]
        for (a, _) in edges { size[find(a), default: 0] += 1 }
        return size.values.sorted(by: >)
    }

    /// Malta, 2016-11-09 (© OpenStreetMap contributors, ODbL): counts measured on this extract.
    @Test func maltaFillsEveryLayer() throws {
        let db = try TempDatabase()
        let s = try Self.importOSM(Self.malta, layers: OSMFeatureReader.layers, into: db)
        #expect(s.rejected == 0, "\(s.report.prefix(500))")
        #expect(s.insertedByLayer == ["roads": 33_183, "sites": 488, "risk_sources": 75, "resources": 8])
        try db.store.read { r in
            #expect(try r.counts(Catalog.sites, by: "category") == ["religious": 286, "school": 126, "hospital": 24, "station": 22,
                                                                    "mall": 19, "stadium": 7, "kindergarten": 3, "elderly_care": 1])
            #expect(try r.counts(Catalog.roads, by: "class") == ["residential": 20_771, "service": 5_244, "tertiary": 2_561,
                                                                 "secondary": 2_033, "primary": 1_386, "trunk": 1_188])
            #expect(try r.counts(Catalog.resources, by: "kind") == ["fire_station_1": 8])
            let fuel = try r.connection.scalar("SELECT count(*) FROM risk_sources WHERE geometrytype(geom) IS NOT NULL")
            #expect(fuel.intValue == 75)
            let audit = try r.connection.scalar("SELECT count(*) FROM audit WHERE action = 'import'")
            #expect(audit.intValue == 1)
        }
        // Two islands joined by ferry only: Malta's network and Gozo's, apart from a few cut-off bits.
        let parts = try Self.components(db)
        #expect(Double(parts[0] + parts[1]) > 0.97 * 33_183, "largest components \(parts.prefix(4)) of 33183 edges")
    }

    @Test func rheinNeckarIsAConnectedRoadGraph() throws {
        let db = try TempDatabase()
        let s = try Self.importOSM(Self.rheinNeckar, layers: [Catalog.roads], into: db)
        #expect(s.inserted == 57_191)
        let parts = try Self.components(db)
        #expect(Double(parts[0]) > 0.95 * 57_191, "largest component \(parts[0]) of 57191 edges")
    }

    /// A hand-made OSM XML file: a crossing splits both roads, oneway=-1 is reversed, gas pipelines are taken
    /// and water pipelines left out, a school area becomes a polygon and a fire station way a point.
    @Test func splittingOnewayAndTagRules() throws {
        let db = try TempDatabase()
        let file = db.file("town.osm")
        var xml = "<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n"
        let nodes: [(Int, Double, Double)] = [(1, 120.60, 31.30), (2, 120.61, 31.30), (3, 120.62, 31.30), (4, 120.61, 31.29),
                                              (5, 120.61, 31.31), (6, 120.63, 31.32), (7, 120.64, 31.32), (8, 120.64, 31.33), (9, 120.63, 31.32)]
        for (id, lon, lat) in nodes { xml += "<node id='\(id)' lat='\(lat)' lon='\(lon)' version='1'/>\n" }
        xml += "<node id='10' lat='31.305' lon='120.605' version='1'><tag k='amenity' v='fuel'/><tag k='name' v='中石化加油站'/></node>\n"
        func way(_ id: Int, _ refs: [Int], _ tags: [String: String]) {
            xml += "<way id='\(id)' version='1'>" + refs.map { "<nd ref='\($0)'/>" }.joined()
                + tags.map { "<tag k='\($0.key)' v='\($0.value)'/>" }.joined() + "</way>\n"
        }
        way(100, [1, 2, 3], ["highway": "primary", "name": "干将路", "ref": "G312", "maxspeed": "50"])
        way(101, [4, 2, 5], ["highway": "residential", "oneway": "-1", "ref": "S 12"])
        way(102, [5, 6], ["highway": "footway"])
        way(103, [1, 3], ["man_made": "pipeline", "substance": "gas"])
        way(104, [4, 5], ["man_made": "pipeline", "substance": "water"])
        way(105, [6, 7, 8, 9, 6], ["amenity": "school", "name": "实验小学"])
        way(106, [6, 7, 8], ["amenity": "fire_station"])
        xml += "</osm>\n"
        try Samples.write(xml, to: file)
        let s = try Self.importOSM(file, layers: OSMFeatureReader.layers, into: db)
        #expect(s.rejected == 0, "\(s.report)")
        #expect(s.insertedByLayer == ["roads": 4, "pipelines": 1, "sites": 1, "resources": 1, "risk_sources": 1])
        let roads = try db.store.read { r in try r.features(in: Catalog.roads, bbox: BBox(minX: 120, minY: 31, maxX: 121, maxY: 32)) }
        let ends = roads.map { [$0["from_node"].intValue!, $0["to_node"].intValue!] }
        // Way 100 split at node 2; way 101 split at node 2 and reversed (drawn 4→2→5, driven 5→2→4).
        #expect(ends == [[1, 2], [2, 3], [2, 4], [5, 2]])
        #expect(roads.map { $0["oneway"] } == [0, 0, 1, 1])
        // A road's name, else its number.
        #expect(roads.map { $0["name"] } == ["干将路", "干将路", "S 12", "S 12"])
        #expect(roads[0]["speed_kmh"] == .real(50) && roads[2]["speed_kmh"] == .real(30))
        #expect(roads[3].geometry == .lineString([Coordinate(120.61, 31.31), Coordinate(120.61, 31.30)]))
        try db.store.read { r in
            #expect(try r.feature(1, in: Catalog.pipelines)?["kind"] == "gas_transmission")
            guard case .polygon? = try r.feature(1, in: Catalog.sites)?.geometry else { Issue.record("the school is not a polygon"); return }
            guard case .point? = try r.feature(1, in: Catalog.resources)?.geometry else { Issue.record("the fire station is not a point"); return }
            #expect(try r.feature(1, in: Catalog.riskSources)?["name"] == "中石化加油站")
        }
    }

    @Test func theCLIImportsOSMAndRefusesWrongLayers() throws {
        let db = try TempDatabase()
        let ok = try CLI.run(["import", "resources", Self.malta, "--db", db.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("read 8, imported 8"))
        let wrong = try CLI.run(["import", "risks", Self.malta, "--db", db.path])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("an OpenStreetMap file fills"))
    }
}
