import DemoCity
import Foundation
import GeoKit
import RiskGrid
import Store
import Testing
import Tiles
import VectorTiles

/// The budget's one order across layers (`TilePriority`) and the attributes tiles carry by zoom, on real demo
/// databases, read back by the independent decoder.
@Suite struct TilePriorityTests {
    /// The attribute each layer is ranked by, as the decoder reports it.
    static let rankedBy = ["roads": "class", "areas": "level", "resources": "kind", "pipelines": "kind", "sites": "protection_class",
                           "risk_sources": "colour", "risks": "level", "reports": "level", "grid": "class"]
    static let layers = Dictionary(uniqueKeysWithValues: TileLayer.drawingOrder.map { ($0.name, $0) })

    /// The priority of a decoded feature.
    static func priority(_ layer: String, _ feature: [String: Any]) -> Int {
        let value = (feature["properties"] as? [String: Any])?[rankedBy[layer]!] as? String
        return layers[layer]!.priority(of: value)
    }

    /// Red and orange: major and significant risks and reports, red and orange enterprises.
    static func isSevere(_ layer: String, _ feature: [String: Any]) -> Bool {
        let value = (feature["properties"] as? [String: Any])?[rankedBy[layer]!] as? String
        switch layer {
        case "risks", "reports": return value == "major" || value == "significant"
        case "risk_sources": return value == "red" || value == "orange"
        default: return false
        }
    }

    static func severeIDs(_ tile: [String: [[String: Any]]]) -> Set<String> {
        var out = Set<String>()
        for (layer, features) in tile {
            for f in features where isSevere(layer, f) { out.insert("\(layer)/\(f["id"] as? Int ?? -1)") }
        }
        return out
    }

    /// Runs `body` with tile sources over a demo city (seed 1) built in a temporary directory.
    static func withDemo(_ scale: DemoScale, _ body: (TileSources) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-prio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true, observers: [EnterpriseColours()])
        try DemoCity(scale: scale, seed: 1).write(into: store)
        try body(TileSources(store: store))
    }

    /// Checks the order a thinned tile kept against the whole tile: no feature dropped while one of lower
    /// priority stays.
    static func expectOrder(kept: [String: [[String: Any]]], all: [String: [[String: Any]]], _ tile: TileID) {
        let keptIDs = Set(kept.flatMap { l, fs in fs.map { "\(l)/\($0["id"] as? Int ?? -1)" } })
        let lowestKept = kept.flatMap { l, fs in fs.map { priority(l, $0) } }.min() ?? .max
        let dropped = all.flatMap { l, fs in fs.filter { !keptIDs.contains("\(l)/\($0["id"] as? Int ?? -1)") }.map { (l, priority(l, $0)) } }
        let highestDropped = dropped.map(\.1).max() ?? .min
        #expect(highestDropped <= lowestKept, "\(tile): dropped priority \(highestDropped) while \(lowestKept) stays")
    }

    /// The city demo's z11 composite over the centre kept 7,909 roads and 112 of 5,033 risks when every layer
    /// ranked on its own scale (motorways 6 above major risks 3); with low-zoom attributes it now fits the served
    /// budget whole (381 KB) and must keep every red and orange feature. The suzhou demo's z9 centre tile, which
    /// kept no risk at all, takes minutes to build in a debug test: the city's z9, z10 and z11 centre tiles under
    /// three quarters of their size stand for it (the budget binds there as it did at suzhou scale).
    @Test(.timeLimit(.minutes(5))) func severeRisksOutlastEveryRoadInTheCityCentre() throws {
        try Self.withDemo(.city) { sources in try keepsSevere(sources) }
    }

    private func keepsSevere(_ sources: TileSources) throws {
        let centre = Coordinate(120.62, 31.31)
        for (z, served) in [(11, true), (11, false), (10, false), (9, false)] {
            let tile = try TileID.containing(centre, zoom: z)
            let whole = try TileRenderer.render(layerList: TileLayer.allLayers, tile: tile, sources: sources, budget: .unlimited)
            let budget = served ? TileRenderer.budget : TileBudget(maxBytes: whole.bytes.count * 3 / 4, maxFeatures: 200_000)
            let thinned = try TileRenderer.render(layerList: TileLayer.allLayers, tile: tile, sources: sources, budget: budget)
            #expect(served || thinned.report("roads")!.dropped > 0, "\(tile): the budget did not bind")
            let kept = try decodeTile(Data(thinned.bytes)), all = try decodeTile(Data(whole.bytes))
            let severe = Self.severeIDs(all)
            #expect(severe.count > 20, "\(tile) has only \(severe.count) red and orange features")
            #expect(severe.isSubset(of: Self.severeIDs(kept)), "\(tile) lost \(severe.subtracting(Self.severeIDs(kept)).count) of \(severe.count)")
            Self.expectOrder(kept: kept, all: all, tile)
        }
    }

    /// A tile over a small budget drops roads (minor first) before any risk; one too small for all its risks
    /// keeps no road and drops the least severe risks first.
    @Test func overBudgetRoadsGoBeforeAnyRisk() throws {
        try Self.withDemo(.small) { sources in try dropsRoadsFirst(sources) }
    }

    private func dropsRoadsFirst(_ sources: TileSources) throws {
        let tile = try TileID.containing(Coordinate(120.62, 31.31), zoom: 13)
        let risksOnly = try TileRenderer.render(layerList: "risks", tile: tile, sources: sources, budget: .unlimited)
        let whole = try TileRenderer.render(layerList: "roads,risks", tile: tile, sources: sources, budget: .unlimited)
        let risks = risksOnly.report("risks")!.kept, roads = whole.report("roads")!.kept
        #expect(risks > 10 && roads > 10)

        let some = try TileRenderer.render(layerList: "roads,risks", tile: tile, sources: sources,
                                           budget: TileBudget(maxBytes: risksOnly.bytes.count + (whole.bytes.count - risksOnly.bytes.count) / 3, maxFeatures: 200_000))
        #expect(some.report("risks")!.kept == risks)
        #expect(some.report("roads")!.kept > 0 && some.report("roads")!.kept < roads)
        let all = try decodeTile(Data(whole.bytes))
        Self.expectOrder(kept: try decodeTile(Data(some.bytes)), all: all, tile)

        let tight = try TileRenderer.render(layerList: "roads,risks", tile: tile, sources: sources,
                                            budget: TileBudget(maxBytes: risksOnly.bytes.count / 2, maxFeatures: 200_000))
        #expect(tight.report("roads")!.kept == 0)
        #expect(tight.report("risks")!.kept > 0 && tight.report("risks")!.kept < risks)
        Self.expectOrder(kept: try decodeTile(Data(tight.bytes)), all: all, tile)
    }

    /// Below a layer's full-attributes zoom its features carry only the attributes the style uses; from it on,
    /// all of them; the grid carries all at every zoom. The tiles are the server's.
    @Test func lowZoomTilesCarryOnlyWhatTheStyleUses() throws {
        let server = try TestServer()
        let composite = TileLayer.drawingOrder.map(\.name).joined(separator: ",")
        var seen = Set<String>()
        for z in [10, 11, 12, 13, 14] {
            let t = try TileID.containing(Coordinate(120.62, 31.31), zoom: z)
            let r = server.get("/tiles/\(composite)/\(t.z)/\(t.x)/\(t.y).mvt")
            #expect(r.status == 200)
            for (name, features) in try decodeTile(r.body) {
                let layer = Self.layers[name]!
                let expected = Set(layer.attributes(atZoom: z))
                #expect(z >= layer.fullAttributesZoom ? expected == Set(layer.attributes(atZoom: layer.maxZoom)) : expected == Set(layer.lowZoomAttributes))
                var union = Set<String>()
                for f in features {
                    let keys = Set((f["properties"] as? [String: Any] ?? [:]).keys)
                    #expect(keys.isSubset(of: expected), "z\(z) \(name): \(keys.subtracting(expected))")
                    union.formUnion(keys)
                }
                // Every low-zoom attribute is there; at full zoom more than those are.
                #expect(Set(layer.lowZoomAttributes).isSubset(of: union), "z\(z) \(name) carries \(union)")
                if z >= layer.fullAttributesZoom, !layer.lowZoomAttributes.isEmpty {
                    #expect(union.count > layer.lowZoomAttributes.count, "z\(z) \(name) carries only \(union)")
                }
                seen.insert("\(name)/\(z >= layer.fullAttributesZoom)")
            }
        }
        for name in ["roads", "risks", "risk_sources", "sites", "pipelines"] {
            #expect(seen.isSuperset(of: ["\(name)/true", "\(name)/false"]), "\(name) not seen at both kinds of zoom: \(seen.sorted())")
        }

        // TileJSON states the order and the attributes by zoom.
        let tj = server.get("/tiles/roads,risks,grid.json").object
        #expect(tj["tilejson"] as? String == "3.0.0")
        let vector = Dictionary(uniqueKeysWithValues: (tj["vector_layers"] as? [[String: Any]] ?? []).map { ($0["id"] as! String, $0) })
        func priority(_ layer: String, _ value: String) -> Int? {
            ((vector[layer]?["riskmap:priority"] as? [String: Any])?["values"] as? [String: Int])?[value]
        }
        #expect(priority("risks", "significant")! > priority("grid", "red")!)
        #expect(priority("grid", "blue")! > priority("roads", "motorway")!)
        let byZoom = vector["risks"]?["riskmap:fields_by_zoom"] as? [[String: Any]] ?? []
        #expect(byZoom.map { $0["minzoom"] as? Int } == [0, 12])
        #expect(byZoom.first?["fields"] as? [String] == ["level"])
        #expect(Set(byZoom.last?["fields"] as? [String] ?? []) == Set((vector["risks"]?["fields"] as? [String: String] ?? [:]).keys))
        #expect((vector["grid"]?["riskmap:fields_by_zoom"] as? [[String: Any]])?.count == 1)
    }
}
