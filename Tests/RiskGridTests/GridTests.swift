import Foundation
import GeoKit
import Projection
import RiskGrid
import RiskModel
@_spi(RawSQL) import Store
import TestSupport
import Testing

@Suite struct GridTests {
    /// Two risks, a school and a pipeline placed at exact grid-CRS metres; the figures below are worked out by
    /// hand (linear kernel, weights 27/9/3/1, default major radius 1000 m, school factor 3, C = H·(1 + E/1000)).
    func handFixture() throws -> GridFixture {
        let f = try GridFixture()
        let source = try f.source()
        _ = try f.insert(try f.risk(source, "significant", at: 50, 50, radius: 250), Catalog.risks)  // centre of (0,0)
        _ = try f.insert(try f.risk(source, "major", at: 1_050, 50), Catalog.risks)                  // centre of (10,0)
        _ = try f.insert(try f.site(at: 150, 50, capacity: 1_000, protection: "high_sensitivity"), Catalog.sites)
        _ = try f.insert(try f.pipeline(from: (0, 20), to: (300, 20)), Catalog.pipelines)
        return f
    }

    @Test func handComputedCells() throws {
        let f = try handFixture()
        let report = try f.rebuild()
        #expect(report.geometry.crs == .epsg(32651))
        let cells = try f.cells()
        let c0 = try #require(cells.at(0, 0)), c1 = try #require(cells.at(1, 0)), c2 = try #require(cells.at(2, 0))
        // (0,0): significant at d = 0 → 9; the major one is 1000 m away, not inside its circle.
        #expect(abs(c0.sums.hazard - 9) < 1e-6)
        #expect(c0.sums.located(.significant) == 1 && c0.sums.reaching(.significant) == 1)
        #expect(c0.sums.worstLevel == .significant)
        #expect(c0.colour == .orange)
        // (1,0): 9·(1 − 100/250) + 27·(1 − 900/1000) = 5.4 + 2.7; E = 1000·3; C = 8.1·4 = 32.4 → red.
        #expect(abs(c1.sums.hazard - 8.1) < 1e-6)
        #expect(abs(c1.sums.exposure - 3_000) < 1e-6)
        #expect(c1.sums.siteCount == 1)
        #expect(abs(c1.combined - 32.4) < 1e-5)
        #expect(c1.colour == .red)
        #expect(c1.sums.worstLevel == .major)
        // (2,0): 9·0.2 + 27·0.2 = 7.2 → yellow.
        #expect(abs(c2.sums.hazard - 7.2) < 1e-6)
        #expect(c2.colour == .yellow)
        // (1,1): d = 141.42 m from the significant risk, 905.5 m from the major one.
        let c11 = try #require(cells.at(1, 1))
        let fromSignificant: Double = 9 * (1 - 100 * 2.0.squareRoot() / 250)
        let fromMajor: Double = 27 * (1 - (900.0 * 900 + 100 * 100).squareRoot() / 1_000)
        let expected = fromSignificant + fromMajor
        #expect(abs(c11.sums.hazard - expected) < 1e-5)
        // (3,0) is 300 m from the significant risk (outside its 250 m circle) and 700 m from the major one.
        #expect(abs(try #require(cells.at(3, 0)).sums.hazard - 27 * 0.3) < 1e-6)
        // The significant risk reaches the 21 cells whose centres lie within 250 m.
        #expect(cells.filter { $0.sums.reaching(.significant) > 0 }.count == 21)
        // The major risk (at a cell centre) reaches every cell whose centre lies within 1000 m of it: 305 cells, and
        // some of the 12 centres at exactly 1000 m, as the lon/lat round trip of its point puts it a few nm off.
        var inside = 0, onCircle = 0
        for a in -10...10 {
            for b in -10...10 {
                if a * a + b * b < 100 { inside += 1 } else if a * a + b * b == 100 { onCircle += 1 }
            }
        }
        #expect((inside...(inside + onCircle)).contains(cells.filter { $0.sums.reaching(.major) > 0 }.count))
        // The pipeline: 100 m in each of (0,0), (1,0), (2,0).
        for c in [c0, c1, c2] { #expect(abs(c.sums.pipelineMetres(kind: 0) - 100) < 0.001) }
        #expect(cells.reduce(0) { $0 + $1.sums.pipelineMetres } == 300)
    }

    @Test func incrementalUpdatesEqualARebuildBitForBit() throws {
        let f = try GridFixture()
        let source = try f.source()
        _ = try f.insert(try f.risk(source, "low", at: 0, 0), Catalog.risks)
        try f.rebuild()
        var rng = SplitMix64(seed: 20261124)
        var risks: [Int64] = [], sites: [Int64] = [], pipes: [Int64] = []
        let levels = ["major", "significant", "general", "low"]
        func spot() -> (Double, Double) { (rng.uniform(-2_500, 2_500), rng.uniform(-2_500, 2_500)) }
        for _ in 0..<160 {
            switch rng.int(10) {
            case 0, 1, 2:
                let (x, y) = spot()
                let radius: Double? = rng.int(2) == 0 ? nil : rng.uniform(0, 800)
                risks.append(try f.insert(try f.risk(source, levels[rng.int(4)], at: x, y, radius: radius), Catalog.risks))
            case 3 where !risks.isEmpty:
                let (x, y) = spot()
                let id = risks[rng.int(risks.count)]
                try f.store.write(f.editor) { try $0.update(id, in: Catalog.risks, with: Feature(geometry: .point(try f.lonLat(x, y))), merge: true) }
            case 4 where !risks.isEmpty:
                let id = risks[rng.int(risks.count)]
                try f.store.write(f.editor) {
                    try $0.update(id, in: Catalog.risks, with: Feature(geometry: nil, properties: ["level": .text(levels[rng.int(4)])]), merge: true)
                }
            case 5 where !risks.isEmpty:
                let id = risks.remove(at: rng.int(risks.count))
                try f.store.write(f.editor) { try $0.delete(id, from: Catalog.risks) }
            case 6:
                let (x, y) = spot()
                let classes = Catalog.protectionClasses
                sites.append(try f.insert(try f.site(at: x, y, capacity: Int64(rng.int(5_000)), protection: classes[rng.int(classes.count)]), Catalog.sites))
            case 7 where !sites.isEmpty:
                let (x, y) = spot()
                let id = sites[rng.int(sites.count)]
                try f.store.write(f.editor) { try $0.update(id, in: Catalog.sites, with: Feature(geometry: .point(try f.lonLat(x, y))), merge: true) }
            case 8:
                let a = spot(), b = spot()
                pipes.append(try f.insert(try f.pipeline(from: a, to: b, kind: Catalog.pipelineKinds[rng.int(5)]), Catalog.pipelines))
            case 9 where !pipes.isEmpty:
                let id = pipes.remove(at: rng.int(pipes.count))
                try f.store.write(f.editor) { try $0.delete(id, from: Catalog.pipelines) }
            default:
                break
            }
        }
        let incremental = try f.chunks()
        #expect(!incremental.isEmpty)
        try f.rebuild(keepGeometry: true)
        let rebuilt = try f.chunks()
        #expect(incremental == rebuilt)
        #expect(!f.changes.all.isEmpty)
    }

    @Test(arguments: [2_000, 2]) func bulkInsertsKeepTheGridEqualToARebuild(threshold: Int) throws {
        let f = try GridFixture(bulkRebuildThreshold: threshold)
        let source = try f.source()
        _ = try f.insert(try f.risk(source, "major", at: 0, 0), Catalog.risks)
        try f.rebuild()
        let risks = try (0..<5).map { try f.risk(source, "significant", at: Double($0) * 170, 40) }
        let sites = try (0..<3).map { try f.site(at: Double($0) * 90, -60, capacity: 100, protection: "general_2") }
        try f.store.write(f.editor) { tx in
            try tx.bulkInsert(risks, into: Catalog.risks, note: "test")
            try tx.bulkInsert(sites, into: Catalog.sites, note: "test")
        }
        let incremental = try f.chunks()
        try f.rebuild(keepGeometry: true)
        #expect(incremental == (try f.chunks()))
        #expect(try f.cells().contains { $0.sums.siteCount == 1 && $0.sums.exposure == 100 })
        #expect(f.changes.all.contains { $0.area == nil } == (threshold == 2))
    }

    @Test func aTemporaryRiskCountsOnlyInsideItsWindow() throws {
        let f = try GridFixture()
        let source = try f.source()
        _ = try f.insert(try f.risk(source, "low", at: -2_000, -2_000), Catalog.risks)
        try f.rebuild()
        let stored = try f.chunks()
        // A worker's GridQuery, kept across writes: its cache of windowed items must follow them.
        let worker = try GridQuery(reader: try f.store.makeReader())
        let point = try f.lonLat(50, 50)
        let inWindow = Timestamp.parse("2026-11-24T12:00:00Z")!
        #expect(try worker.cell(lon: point.x, lat: point.y, at: inWindow).sums.hazard == 0)
        _ = try f.insert(try f.risk(source, "major", at: 50, 50, radius: 300, window: ("2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z")),
                         Catalog.risks)
        #expect(abs(try worker.cell(lon: point.x, lat: point.y, at: inWindow).sums.hazard - 27) < 1e-6)
        #expect(try f.chunks() == stored, "a windowed risk is overlaid at query time, not stored")
        let inside = try f.cells(at: Timestamp.parse("2026-11-24T12:00:00Z")!)
        #expect(abs((try #require(inside.at(0, 0))).sums.hazard - 27) < 1e-6)
        #expect(inside.at(0, 0)?.sums.worstLevel == .major)
        let before = try f.cells(at: Timestamp.parse("2026-11-23T23:59:59Z")!)
        let after = try f.cells(at: Timestamp.parse("2026-11-25T00:00:00Z")!)
        #expect(before.at(0, 0) == nil)
        #expect(after.at(0, 0) == nil, "windows are half-open: valid_to itself is outside")
        #expect(f.changes.all.last?.chunks.isEmpty == true && f.changes.all.last?.area != nil)
    }

    @Test func cellsAreSquaresOfTheProjectedCRSAndCornersRoundTrip() throws {
        let f = try handFixture()
        try f.rebuild()
        let (corners, geometry) = try f.store.read { r in
            let q = try GridQuery(reader: r)
            return (try q.corners(of: [CellKey(level: 0, i: 3_001, j: 34_600), CellKey(level: 2, i: 750, j: 8_650)]), q.geometry)
        }
        let context = ProjContext()
        var back = corners
        try context.transformer(from: .wgs84, to: .epsg(32651)).transform(&back)
        let expected = [Coordinate(300_100, 3_460_000), Coordinate(300_200, 3_460_000), Coordinate(300_200, 3_460_100), Coordinate(300_100, 3_460_100),
                        Coordinate(300_000, 3_460_000), Coordinate(300_400, 3_460_000), Coordinate(300_400, 3_460_400), Coordinate(300_000, 3_460_400)]
        for (p, e) in zip(back, expected) {
            #expect(abs(p.x - e.x) < 0.001 && abs(p.y - e.y) < 0.001)
        }
        #expect(geometry.side(level: 0) == 100 && geometry.side(level: 2) == 400)
        let b = geometry.bounds(CellKey(level: 0, i: 3_001, j: 34_600))
        #expect(b.width == 100 && b.height == 100)
    }

    @Test func pyramidLevelsSumTheBase() throws {
        let f = try handFixture()
        try f.rebuild()
        func total(_ cells: [GridQuery.Cell]) -> CellSums { cells.reduce(.zero) { var t = $0; t += $1.sums; return t } }
        let base = try f.cells(level: 0)
        #expect(!base.isEmpty)
        for level in 1..<4 {
            let up = try f.cells(level: level)
            #expect(total(up) == total(base))
            for parent in up {
                let children = base.filter { $0.key.parent(at: level) == parent.key }
                #expect(total(children) == parent.sums)
                #expect(parent.sums.worstLevel == children.compactMap(\.sums.worstLevel).max())
            }
        }
    }

    @Test func explainSumsToTheCell() throws {
        let f = try handFixture()
        try f.rebuild()
        let source = try f.source()
        _ = try f.insert(try f.risk(source, "general", at: 120, 80, window: ("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")), Catalog.risks)
        let p = try f.lonLat(150, 50)
        let e = try f.store.read { r in try GridQuery(reader: r).explain(lon: p.x, lat: p.y, at: GridFixture.now) }
        #expect(e.cell.key == CellKey(level: 0, i: 3_001, j: 34_600))
        #expect(e.total == e.cell.sums)
        #expect(e.contributions.map(\.layer).filter { $0 == "risks" }.count == 3)
        #expect(e.contributions.contains { $0.layer == "sites" && abs($0.sums.exposure - 3_000) < 1e-6 })
        #expect(e.contributions.first?.level == .significant, "largest contribution to H first")
    }

    @Test func editsReportTheChunksTheyRewrite() throws {
        let f = try handFixture()
        try f.rebuild()
        let source = try f.source()
        _ = try f.insert(try f.risk(source, "general", at: 5_000, 5_000), Catalog.risks)
        let change = try #require(f.changes.all.last)
        #expect(Set(change.chunks.map(\.level)) == Set(0..<4))
        #expect(change.chunks.contains(CellKey(level: 0, i: 3_050, j: 34_650).chunk))
        let spot = try f.lonLat(5_000, 5_000)
        #expect(change.area?.contains(spot) == true)
    }

    @Test func geoJSONCellsArePolygonsWithFigures() throws {
        let f = try handFixture()
        try f.rebuild()
        let box = BBox(minX: try f.lonLat(0, 0).x, minY: try f.lonLat(0, 0).y, maxX: try f.lonLat(250, 50).x, maxY: try f.lonLat(250, 50).y)
        let text = try f.store.read { r in
            let q = try GridQuery(reader: r)
            var w = JSONWriter()
            try q.writeGeoJSON(try q.cells(in: box, level: 0, at: GridFixture.now), into: &w)
            return w.string
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let features = try #require(json["features"] as? [[String: Any]])
        #expect(!features.isEmpty)
        let red = features.first { ($0["properties"] as? [String: Any])?["class"] as? String == "red" }
        let ring = try #require(((red?["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first)
        #expect(ring.count == 5 && ring.first == ring.last)
    }
}
