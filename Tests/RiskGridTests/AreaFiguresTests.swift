import Foundation
import GeoKit
import RiskGrid
import RiskModel
import Store
import Testing

/// The area figures a server keeps in memory follow every kind of write and then equal figures built from
/// scratch on the same data; temporary items count only inside their windows.
@Suite struct AreaFiguresTests {
    /// Two towns side by side (x 0…1,000 and 1,000…2,000 m) in one district, and a source outside both.
    static func city(_ f: GridFixture) throws -> (source: Int64, west: Int64, east: Int64) {
        func square(_ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) throws -> Geometry {
            .polygon([[try f.lonLat(x0, y0), try f.lonLat(x1, y0), try f.lonLat(x1, y1), try f.lonLat(x0, y1), try f.lonLat(x0, y0)]])
        }
        let source = try f.source()
        let west = try f.insert(Feature(geometry: try square(0, 1_000, 0, 1_000), properties: ["name": "西", "level": "town"]), Catalog.areas)
        let east = try f.insert(Feature(geometry: try square(1_000, 2_000, 0, 1_000), properties: ["name": "东", "level": "town"]), Catalog.areas)
        _ = try f.insert(Feature(geometry: try square(-1_000, 3_000, -1_000, 2_000), properties: ["name": "区", "level": "district"]), Catalog.areas)
        return (source, west, east)
    }

    /// Every summary of every level at `at`, as text: counts, kilometres and the hottest cells.
    static func render(_ figures: AreaFigures, _ f: GridFixture, at: Int64 = GridFixture.now) throws -> String {
        let reader = try f.store.makeReader()
        var out = ""
        for level in Catalog.areaLevels {
            for s in try figures.summaries(level: level, at: at, hottest: 10, reader: reader, grid: { try GridQuery(reader: reader) }) {
                out += "\(s.id) \(s.name) \(s.level) enterprises \(s.enterprisesByColour.sorted { $0.key.rawValue < $1.key.rawValue })"
                out += " risks \(s.risksByLevel.sorted { $0.key.rawValue < $1.key.rawValue }) km \(s.pipelineKm) sites \(s.sites)"
                out += " hottest \(s.hottestCells.map { "\($0.key) \($0.combined)" })\n"
            }
        }
        return out
    }

    @Test func followedFiguresEqualFiguresBuiltFromScratch() throws {
        let f = try GridFixture()
        let (source, _, _) = try Self.city(f)
        try f.rebuild()
        let figures = AreaFigures(store: f.store)
        f.store.follow(figures)
        try figures.warm()
        var generation = figures.generation
        func check(_ what: String) throws {
            let followed = try Self.render(figures, f)
            #expect(followed == (try Self.render(AreaFigures(store: f.store), f)), "after \(what)")
            #expect(figures.generation != generation, "\(what) moves the generation")
            generation = figures.generation
        }

        let moving = try f.insert(try f.risk(source, "major", at: 150, 150, radius: 300), Catalog.risks)
        try check("a risk added")
        _ = try f.store.write(f.editor) { try $0.update(moving, in: Catalog.risks, with: try f.risk(source, "major", at: 1_500, 150, radius: 300), merge: false) }
        try check("a risk moved to the other town")
        _ = try f.store.write(f.editor) { try $0.update(moving, in: Catalog.risks, with: Feature(geometry: nil, properties: ["level": "low"]), merge: true) }
        try check("its level changed")
        let windowed = try f.insert(try f.risk(source, "general", at: 600, 600, window: ("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")), Catalog.risks)
        try check("a temporary risk added")
        _ = try f.store.write(f.editor) { try $0.delete(windowed, from: Catalog.risks) }
        try check("the temporary risk deleted")
        let pipe = try f.insert(try f.pipeline(from: (-500, 500), to: (2_500, 500)), Catalog.pipelines)
        try check("a pipeline across both towns")
        _ = try f.insert(try f.site(at: 1_200, 800, capacity: 300, protection: "important"), Catalog.sites)
        try check("a site added")
        let risks = try (0..<40).map { n in try f.risk(source, ["major", "significant", "general", "low"][n % 4], at: Double(n * 50), Double(n * 20)) }
        _ = try f.store.write(f.editor) { try $0.bulkInsert(risks, into: Catalog.risks, note: "test") }
        try check("a bulk insert")
        _ = try f.store.write(f.editor) { try $0.delete(pipe, from: Catalog.pipelines) }
        try check("the pipeline deleted")
        _ = try f.store.write(f.editor) { try $0.delete(moving, from: Catalog.risks) }
        try check("the moved risk deleted (its enterprise recoloured)")
        _ = try f.insert(Feature(geometry: .polygon([[try f.lonLat(0, 0), try f.lonLat(500, 0), try f.lonLat(500, 500), try f.lonLat(0, 0)]]),
                                 properties: ["name": "园区", "level": "park"]), Catalog.areas)
        try check("an area added")
        #expect(try Self.render(figures, f).contains("园区 park"))
    }

    @Test func temporaryItemsCountOnlyInsideTheirWindows() throws {
        let f = try GridFixture()
        let (source, west, _) = try Self.city(f)
        _ = try f.insert(try f.risk(source, "major", at: 300, 300, window: ("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")), Catalog.risks)
        var site = try f.site(at: 400, 400, capacity: 100, protection: "general_1")
        site["valid_from"] = .text("2026-01-15T00:00:00Z")
        _ = try f.insert(site, Catalog.sites)
        _ = try f.insert(try f.risk(source, "low", at: 500, 500), Catalog.risks)
        try f.rebuild()
        let figures = AreaFigures(store: f.store)
        f.store.follow(figures)
        let reader = try f.store.makeReader()
        func town(_ instant: String) throws -> AreaSummary {
            try figures.summary(areaID: west, at: Timestamp.parse(instant)!, hottest: 1, reader: reader, grid: { try GridQuery(reader: reader) })
        }
        let before = try town("2025-12-31T23:59:59Z")
        #expect(before.risksByLevel == [.low: 1] && before.sites == 0)
        let start = try town("2026-01-01T00:00:00Z")
        #expect(start.risksByLevel == [.major: 1, .low: 1] && start.sites == 0, "a window holds its start")
        let inside = try town("2026-01-20T00:00:00Z")
        #expect(inside.risksByLevel == [.major: 1, .low: 1] && inside.sites == 1)
        let end = try town("2026-02-01T00:00:00Z")
        #expect(end.risksByLevel == [.low: 1] && end.sites == 1, "a window does not hold its end; the site's is open")
        #expect(try Self.render(figures, f, at: Timestamp.parse("2026-01-20T00:00:00Z")!)
                == (try Self.render(AreaFigures(store: f.store), f, at: Timestamp.parse("2026-01-20T00:00:00Z")!)))
    }
}
