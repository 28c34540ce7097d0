import DemoCity
import Foundation
import GeoKit
import RiskGrid
import RiskModel
@_spi(RawSQL) import Store
import TestSupport
import Testing
@testable import Tiles

/// The in-memory tile sources: kept in step by commits they must draw exactly what sources built afresh from
/// the database draw, and their cells must find every feature a tile meets.
@Suite struct TileSourceTests {
    struct Failure: Error {}

    @Test func sourcesKeptByCommitsDrawTheSameTilesAsSourcesBuiltAfresh() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-src-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true, observers: [EnterpriseColours()])
        try DemoCity(scale: .small, seed: 3).write(into: store)
        let live = TileSources(store: store)
        try live.warm(layerList: TileLayer.allLayers)
        store.follow(live)

        let (box, enterprises, risks, sites, roads) = try store.read { r in
            (try #require(try r.extent(Catalog.risks)), try ids(r, "risk_sources"), try ids(r, "risks"), try ids(r, "sites"), try ids(r, "roads"))
        }
        var rng = SplitMix64(seed: 42)
        func point() -> Geometry {
            .point(Coordinate(Double.random(in: box.minX...box.maxX, using: &rng), Double.random(in: box.minY...box.maxY, using: &rng)))
        }
        let levels: [Value] = ["major", "significant", "general", "low"]
        let context = WriteContext(actor: "test")
        for round in 0..<40 {
            try store.write(context) { tx in
                let new = Feature(geometry: point(), properties: [
                    "name": .text("新风险\(round)"), "level": levels.randomElement(using: &rng)!,
                    "source_id": .integer(enterprises.randomElement(using: &rng)!),
                ])
                try tx.insert(new, into: Catalog.risks)
                // A level change recolours the enterprise; a move changes the risk's cell.
                try tx.update(risks.randomElement(using: &rng)!, in: Catalog.risks,
                              with: Feature(geometry: point(), properties: ["level": levels.randomElement(using: &rng)!]), merge: true)
                if round % 3 == 0 { try tx.delete(risks[round * 7], from: Catalog.risks) }
                if round % 4 == 0 { try tx.delete(sites[round], from: Catalog.sites) }
                // A minor road made a motorway shows from zoom 5 on.
                if round % 5 == 0 {
                    try tx.update(roads[round * 11], in: Catalog.roads, with: Feature(geometry: nil, properties: ["class": "motorway"]), merge: true)
                }
            }
        }
        try expectSameTiles(live, TileSources(store: store), box)
        let before = try fingerprint(live, box)
        #expect(throws: Failure.self) {
            try store.write(context) { tx in
                try tx.insert(Feature(geometry: point(), properties: ["name": "回滚", "level": "major", "source_id": .integer(enterprises[0])]), into: Catalog.risks)
                try tx.delete(sites[1], from: Catalog.sites)
                throw Failure()
            }
        }
        #expect(try fingerprint(live, box) == before, "a rolled-back write changed the sources")
        try store.write(context) { tx in
            let batch = (0..<300).map { i in
                Feature(geometry: point(), properties: ["name": .text("批量\(i)"), "level": levels[i % 4], "source_id": .integer(enterprises[i % enterprises.count])])
            }
            try tx.bulkInsert(batch, into: Catalog.risks, note: "test batch")
        }

        try expectSameTiles(live, TileSources(store: store), box)
    }

    private func expectSameTiles(_ live: TileSources, _ fresh: TileSources, _ box: BBox) throws {
        let liveTiles = try fingerprint(live, box), freshTiles = try fingerprint(fresh, box)
        #expect(liveTiles.count == freshTiles.count)
        let differing = freshTiles.filter { liveTiles[$0.key] != $0.value }.keys.sorted()
        #expect(differing.isEmpty, "tiles differing from a fresh build: \(differing.prefix(10))")
        #expect(freshTiles.values.contains { !$0.isEmpty })
    }

    private func ids(_ r: Reader, _ table: String) throws -> [Int64] {
        let s = try r.connection.prepare("SELECT fid FROM \(table) ORDER BY fid")
        var out: [Int64] = []
        while try s.step() { out.append(s.int64(0)) }
        return out
    }

    /// The composite of every layer for a spread of tiles over `box` at zooms 6–15.
    private func fingerprint(_ sources: TileSources, _ box: BBox) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for z in stride(from: 6, through: 15, by: 3) {
            let range = try TileID.covering(box, zoom: z)
            for tile in range where (tile.x + tile.y) % max(1, range.count / 40) == 0 {
                out[tile.description] = try TileRenderer.render(layerList: TileLayer.allLayers, tile: tile, sources: sources).bytes
            }
        }
        return out
    }

    @Test func cellsFindEveryFeatureMeetingABoxInSlotOrder() {
        var rng = SplitMix64(seed: 7)
        var source = LayerSource(keys: [], values: .init())
        var boxes: [Int64: BBox] = [:]
        let h = WebMercator.halfWorld
        var features: [SourceFeature] = []
        for fid in Int64(1)...3_000 {
            // Points, small boxes near cell edges, and a few boxes spanning much of the world.
            let cx = Double.random(in: -h...h, using: &rng), cy = Double.random(in: -h...h, using: &rng)
            let size = [0, 10, 5_000, 2_000_000, 30_000_000][Int(fid % 5)] * Double.random(in: 0...1, using: &rng)
            let box = BBox(minX: cx, minY: cy, maxX: min(h, cx + size), maxY: min(h, cy + size))
            boxes[fid] = box
            features.append(SourceFeature(fid: fid, kind: .point, coordinates: [box.center], partEnds: [1], isExterior: [true],
                                          tags: [], lowZoomTags: 0, priority: 0, minZoom: 0, box: box, window: .always))
        }
        // In batches of different sizes, so new cells are merged into lists that already hold some; then every
        // fourth feature is taken out again, emptying cells.
        var cellOf: [Int64: UInt64] = [:]
        for batch in [0..<1, 1..<700, 700..<701, 701..<3_000] {
            for (f, key) in zip(features[batch], source.insert(Array(features[batch]))) { cellOf[f.fid] = key }
        }
        for fid in stride(from: Int64(4), through: 3_000, by: 4) {
            source.remove(fid, from: cellOf[fid]!)
            boxes[fid] = nil
        }
        #expect(source.count == boxes.count)
        for n in 0..<200 {
            let cx = Double.random(in: -h...h, using: &rng), cy = Double.random(in: -h...h, using: &rng)
            let size = [100, 10_000, 1_000_000, 20_000_000][n % 4]
            let query = BBox(minX: cx, minY: cy, maxX: cx + Double(size), maxY: cy + Double(size))
            var visited: [Int64] = []
            source.forEachCell(meeting: query) { cell in visited += cell.records.map(\.fid) }
            #expect(visited == slotOrder(source, query), "cells visited out of slot order for \(query)")
            #expect(Set(visited.filter { boxes[$0]!.intersects(query) }) == Set(boxes.filter { $0.value.intersects(query) }.keys))
        }
    }

    /// Low-zoom tiles over the demo city visit the cells the first tile sources visited, in their order (so the
    /// tiles keep their bytes), doing work bounded by the cells held rather than by the slots the tile spans
    /// (2^28 at level 14 for z0, which was probed slot by slot).
    @Test func lowZoomTilesVisitCellsInSlotOrderWithWorkBoundedByTheData() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-src-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true, observers: [EnterpriseColours()])
        try DemoCity(scale: .small, seed: 1).write(into: store)
        let layers = try TileLayer.layers(TileLayer.allLayers)
        let sources = try TileSources(store: store).snapshot(layers).compactMap { $0 }
        let city = try #require(try store.read { try $0.extent(Catalog.risks) })
        var tiles = [try TileID(z: 0, x: 0, y: 0), try TileID(z: 1, x: 0, y: 0), try TileID(z: 1, x: 1, y: 0),
                     try TileID(z: 1, x: 0, y: 1), try TileID(z: 1, x: 1, y: 1)]
        tiles += try [4, 8, 11].map { try TileID.containing(city.center, zoom: $0) }
        var held = 0, worked = 0
        for tile in tiles {
            let query = TileRenderer.mercatorArea(tile)
            for source in sources {
                var visited: [Int64] = []
                let work = source.forEachCell(meeting: query) { cell in visited += cell.records.map(\.fid) }
                #expect(visited == slotOrder(source, query), "\(tile): cells visited out of slot order")
                #expect(work <= source.cells.count, "\(tile): \(work) probes for \(source.cells.count) cells")
                if tile.z == 0 {
                    held += source.cells.count
                    worked += work
                }
            }
        }
        #expect(held > 100 && worked <= held)
    }

    /// The cells meeting a box in the order the first tile sources visited them, which probed every slot of the
    /// box's range at each level, row by row: here by sorting the cells there are instead.
    private func slotOrder(_ source: LayerSource, _ box: BBox) -> [Int64] {
        source.cells.map { (LayerSource.position(of: $0.key), $0.value) }
            .filter { p, _ in
                let slots = LayerSource.slots(meeting: box, level: p.level)
                return slots.x.contains(p.x) && slots.y.contains(p.y)
            }
            .sorted { a, b in (a.0.level, a.0.y, a.0.x) < (b.0.level, b.0.y, b.0.x) }
            .flatMap { $0.1.records.map(\.fid) }
    }
}
