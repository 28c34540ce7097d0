import Foundation
import GeoKit
import RiskGrid
import RiskModel
import Store
import Testing

@Suite struct AreaSummaryTests {
    @Test func summaryCountsWhatLiesInTheArea() throws {
        let f = try GridFixture()
        let source = try f.source()  // at (-500, -500): outside the area below
        _ = try f.insert(try f.risk(source, "major", at: 150, 150, radius: 300), Catalog.risks)
        _ = try f.insert(try f.risk(source, "general", at: 250, 250, radius: 100), Catalog.risks)
        _ = try f.insert(try f.risk(source, "low", at: 900, 900, window: ("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")), Catalog.risks)
        _ = try f.insert(try f.risk(source, "significant", at: 2_000, 2_000), Catalog.risks)  // outside
        _ = try f.insert(try f.site(at: 450, 450, capacity: 500, protection: "important"), Catalog.sites)
        _ = try f.insert(try f.pipeline(from: (-500, 100), to: (1_500, 100)), Catalog.pipelines)  // 1 km inside
        let ring = [try f.lonLat(0, 0), try f.lonLat(1_000, 0), try f.lonLat(1_000, 1_000), try f.lonLat(0, 1_000), try f.lonLat(0, 0)]
        let area = try f.insert(Feature(geometry: .polygon([ring]), properties: ["name": "测试街道", "level": "town"]), Catalog.areas)
        try f.rebuild()
        let figures = AreaFigures(store: f.store)
        let reader = try f.store.makeReader()
        let s = try figures.summary(areaID: area, at: GridFixture.now, hottest: 3, reader: reader, grid: { try GridQuery(reader: reader) })
        #expect(s.name == "测试街道" && s.level == "town")
        #expect(s.risksByLevel == [.major: 1, .general: 1], "the windowed risk is outside its window, the significant one outside the area")
        #expect(s.enterprisesByColour.isEmpty)
        #expect(s.sites == 1)
        #expect(abs(s.pipelineKm - 1) < 0.01)
        #expect(s.hottestCells.count == 3)
        #expect(s.hottestCells.first?.key == CellKey(level: 0, i: 3_001, j: 34_601), "the major risk's own cell")
        #expect(zip(s.hottestCells, s.hottestCells.dropFirst()).allSatisfy { $0.combined >= $1.combined })
        let all = try figures.summaries(level: "town", at: GridFixture.now, hottest: 10, reader: reader, grid: { try GridQuery(reader: reader) })
        #expect(all.map(\.id) == [area])
    }

    @Test func zoomPicksALevelWithBoundedCellsPerTile() {
        let g = GridGeometry(crs: .epsg(32651), cellSize: 100, levels: 8)
        #expect((0...20).map { g.level(forZoom: $0, latitude: 31.3) } == [7, 7, 7, 7, 7, 7, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        for z in 7...20 {
            let tile = 40_075_016.686 * cos(31.3 * Double.pi / 180) / Double(1 << z)
            #expect(tile / g.side(level: g.level(forZoom: z, latitude: 31.3)) <= 64)
        }
    }
}
