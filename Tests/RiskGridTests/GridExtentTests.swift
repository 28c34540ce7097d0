import Foundation
import GeoKit
import RiskGrid
import RiskModel
import Store
import Testing

/// The grid accepts features only inside the city's extent: a polygon covering nearly the world used to be
/// stored, after which every rebuild and large import failed ("the data spans 12520046592 base cells").
@Suite struct GridExtentTests {
    static let world = Geometry.polygon([[Coordinate(-179, -80), Coordinate(179, -80), Coordinate(179, 80), Coordinate(-179, 80), Coordinate(-179, -80)]])

    @Test func aFeatureOutsideTheDerivedExtentIsRefusedAndTheGridStillRebuilds() throws {
        let f = try GridFixture()
        let source = try f.source()
        _ = try f.insert(try f.risk(source, "major", at: 0, 0), Catalog.risks)
        try f.rebuild()
        let world = Feature(geometry: Self.world, properties: ["name": "世界", "category": "school", "capacity": 10])
        do {
            try f.store.write(f.editor) { try $0.insert(world, into: Catalog.sites) }
            Issue.record("a world-sized site was stored")
        } catch let StoreError.invalidFeature(layer, problems) {
            #expect(layer == "sites")
            #expect(problems.joined().contains("outside the city's extent"))
        }
        // Any layer, and a move out of the extent, is refused too; inside the margin is fine.
        let far = Feature(geometry: .lineString([Coordinate(120.9, 31.2), Coordinate(10, 50)]), properties: ["name": "远", "class": "primary"])
        #expect(throws: StoreError.self) { try f.store.write(f.editor) { try $0.insert(far, into: Catalog.roads) } }
        _ = try f.insert(try f.site(at: 20_000, 20_000, capacity: 100, protection: "general_1"), Catalog.sites)
        let report = try f.rebuild()
        #expect(report.baseCells > 0)
    }

    @Test func bulkInsertsAreCheckedToo() throws {
        let f = try GridFixture()
        let source = try f.source()
        _ = try f.insert(try f.risk(source, "major", at: 0, 0), Catalog.risks)
        try f.rebuild()
        var sites = try (0..<5).map { try f.site(at: Double($0) * 100, 0, capacity: 10, protection: "general_1") }
        sites.append(Feature(geometry: .point(Coordinate(-70, -30)), properties: ["name": "远方", "category": "school"]))
        #expect(throws: StoreError.self) {
            try f.store.write(f.editor) { try $0.bulkInsert(sites, into: Catalog.sites, note: "test") }
        }
        #expect(try f.store.read { try $0.count(Catalog.sites) } == 0, "nothing of the refused import is kept")
    }

    @Test func aConfiguredExtentBoundsTheRebuild() throws {
        var config = GridFixture.config
        config.grid.extent = [120.0, 31.0, 121.5, 31.5]
        let f = try GridFixture(config: config)
        let source = try f.source()
        _ = try f.insert(try f.risk(source, "major", at: 0, 0), Catalog.risks)
        try f.rebuild()
        #expect(throws: StoreError.self) {
            try f.store.write(f.editor) { try $0.insert(Feature(geometry: .point(Coordinate(121.6, 31.2)), properties: ["name": "外", "category": "school"]), into: Catalog.sites) }
        }
        config.grid.extent = [121.0, 31.0, 121.5, 31.5]
        #expect(throws: GridError.self) {
            try f.store.write(f.editor) { tx in _ = try GridBuilder(config: config).rebuild(tx.connection, builtAt: tx.context.time) }
        }
        config.grid.extent = [121.5, 31.0, 121.0, 31.5]
        #expect(!config.problems.isEmpty)
    }
}
