import Analysis
import Foundation
import GeoKit
import Store
import Testing

/// Threat zones on a hand-built enterprise whose answer is known: a major risk of 200 m and a general one of
/// 500 m, an own safety distance of 900 m; a school of 600 people 150 m north, a mall of 2,000 people 400 m east,
/// another major hazard 700 m south, a stadium 2 km west.
@Suite struct ThreatZoneTests {
    @Test func theRingsAndWhatIsInsideThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("threat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true)
        let at = { (dx: Double, dy: Double) in LocalPlane(origin: Coordinate(120.6, 31.3)).unproject(dx, dy) }
        let (source, major, other) = try store.write(WriteContext(actor: "test")) { tx in
            let s = try tx.insert(Feature(geometry: .point(at(0, 0)), properties: ["name": "乙化工", "sector": "hazardous_chemicals",
                                                                               "hazard_grade": 2, "safety_distance_m": 900]), into: Catalog.riskSources).id!
            let r = try tx.insert(Feature(geometry: nil, properties: ["source_id": .integer(s), "name": "储罐", "level": "major", "impact_radius_m": 200]),
                                  into: Catalog.risks).id!
            _ = try tx.insert(Feature(geometry: nil, properties: ["source_id": .integer(s), "name": "仓库", "level": "general", "impact_radius_m": 500]),
                              into: Catalog.risks)
            _ = try tx.insert(Feature(geometry: .point(at(0, 150)), properties: ["name": "实验小学", "category": "school", "capacity": 600]), into: Catalog.sites)
            _ = try tx.insert(Feature(geometry: .point(at(400, 0)), properties: ["name": "万达广场", "category": "mall", "capacity": 2000]), into: Catalog.sites)
            _ = try tx.insert(Feature(geometry: .point(at(-2_000, 0)), properties: ["name": "体育场", "category": "stadium", "capacity": 5000]), into: Catalog.sites)
            let o = try tx.insert(Feature(geometry: .point(at(0, -700)), properties: ["name": "丙储运", "sector": "hazardous_chemicals", "hazard_grade": 1]),
                                  into: Catalog.riskSources).id!
            return (s, r, o)
        }
        let index = HazardIndex(store: store)
        store.follow(index)
        let now = Timestamp.now()
        let zone = try #require(try index.threatZones(source: source, at: now).first)
        #expect(zone.rings.map(\.colour) == [.red, .orange, .yellow])
        #expect(zone.rings.map(\.radius) == [200, 500, 900])
        #expect(zone.rings.map(\.basis) == ["risk \(major)", "risk \(major + 1)", "safety distance"])
        #expect(zone.rings.map { $0.sites.map(\.item.name) } == [["实验小学"], ["实验小学", "万达广场"], ["实验小学", "万达广场"]])
        #expect(zone.rings.map(\.people) == [600, 2_600, 2_600])
        #expect(zone.rings.map { $0.majorHazards.map(\.item.id) } == [[], [], [other]])
        // The ring's polygon lies at its radius from the centre (within a metre).
        for p in zone.polygon(zone.rings[2]).prefix(8) {
            #expect(abs(Geodesic.inverse(zone.centre, p).distance - 900) < 1)
        }
        // An edit follows at once: the major risk's radius grows past the general one's, and orange goes.
        _ = try store.write(WriteContext(actor: "test")) { try $0.update(major, in: Catalog.risks, with: Feature(geometry: nil, properties: ["impact_radius_m": 600]), merge: true) }
        let after = try #require(try index.threatZones(source: source, at: now).first)
        #expect(after.rings.map(\.colour) == [.red, .yellow] && after.rings.map(\.radius) == [600, 900])
        // A box: both enterprises, each with its own zones (the other has no risks and no colour: none).
        let all = try index.threatZones(meeting: BBox(minX: 120.5, minY: 31.2, maxX: 120.7, maxY: 31.4), at: now)
        #expect(all.map(\.source.id) == [source, other] && all[1].rings.isEmpty)
    }
}
