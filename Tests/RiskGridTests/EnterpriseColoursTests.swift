import Foundation
import GeoKit
import Testing
import RiskGrid
import RiskModel
import Store

@Suite struct EnterpriseColoursTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-colours-\(UUID().uuidString)")
    let context = WriteContext(actor: "test", time: "2026-11-24T00:00:00Z")

    func store() throws -> Store {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true, observers: [EnterpriseColours()])
    }

    func source(grade: Int? = nil) -> Feature {
        var f = Feature(geometry: .point(Coordinate(120.6, 31.3)), properties: ["name": "某公司", "sector": "gas"])
        if let grade { f["hazard_grade"] = .integer(Int64(grade)) }
        return f
    }

    func risk(_ source: Int64, _ level: String) -> Feature {
        Feature(geometry: nil, properties: ["source_id": .integer(source), "name": "泄漏", "level": .text(level)])
    }

    @Test func colourFollowsEveryChangeToItsRisks() throws {
        let store = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try store.write(context) { try $0.insert(source(), into: Catalog.riskSources) }
        #expect(s["colour"] == "blue")
        #expect(s["risk_count"] == 0)
        let id = s.id!
        func colour() throws -> Value { try store.read { try $0.feature(id, in: Catalog.riskSources)!["colour"] } }

        let general = try store.write(context) { try $0.insert(risk(id, "general"), into: Catalog.risks) }
        #expect(try colour() == "yellow")
        let major = try store.write(context) { try $0.insert(risk(id, "major"), into: Catalog.risks) }
        #expect(try colour() == "red")
        #expect(try store.read { try $0.feature(id, in: Catalog.riskSources)!["risk_count"] } == 2)
        try store.write(context) { try $0.update(major.id!, in: Catalog.risks, with: Feature(geometry: nil, properties: ["level": "significant"]), merge: true) }
        #expect(try colour() == "orange")
        try store.write(context) { try $0.delete(major.id!, from: Catalog.risks) }
        #expect(try colour() == "yellow")
        try store.write(context) { try $0.update(id, in: Catalog.riskSources, with: Feature(geometry: nil, properties: ["hazard_grade": 3]), merge: true) }
        #expect(try colour() == "orange")
        try store.write(context) { try $0.delete(general.id!, from: Catalog.risks) }
        #expect(try colour() == "orange")
    }

    @Test func aRiskMovedToAnotherSourceRecolorsBoth() throws {
        let store = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b) = try store.write(context) { tx in
            (try tx.insert(source(), into: Catalog.riskSources).id!, try tx.insert(source(), into: Catalog.riskSources).id!)
        }
        let r = try store.write(context) { try $0.insert(risk(a, "major"), into: Catalog.risks) }
        try store.write(context) { try $0.update(r.id!, in: Catalog.risks, with: Feature(geometry: nil, properties: ["source_id": .integer(b)]), merge: true) }
        let colours = try store.read { r in [try r.feature(a, in: Catalog.riskSources)!["colour"], try r.feature(b, in: Catalog.riskSources)!["colour"]] }
        #expect(colours == ["blue", "red"])
    }

    @Test func aBulkInsertRecolorsEachOfItsSourcesOnceAsItsOwnChange() throws {
        let store = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b, c, untouched) = try store.write(context) { tx in
            (try tx.insert(source(), into: Catalog.riskSources).id!, try tx.insert(source(), into: Catalog.riskSources).id!,
             try tx.insert(source(grade: 3), into: Catalog.riskSources).id!, try tx.insert(source(), into: Catalog.riskSources).id!)
        }
        _ = try store.write(context) { try $0.insert(risk(c, "general"), into: Catalog.risks) }
        let derived = try store.write(context) { tx in
            _ = try tx.bulkInsert([risk(a, "general"), risk(b, "general"), risk(a, "major"), risk(c, "general")], into: Catalog.risks, note: "test")
            return tx.changeSet.changes.filter(\.derived)
        }
        // c stays orange (its grade), but its risk count moves from 1 to 2, so it is a change too.
        #expect(derived.map(\.id) == [a, b, c])
        #expect(derived.map { $0.before?["colour"] } == ["blue", "blue", "orange"])
        #expect(derived.map { $0.after?["colour"] } == ["red", "yellow", "orange"])
        #expect(derived.map { $0.after?["risk_count"] } == [2, 1, 2])
        let stored = try store.read { r in try [a, b, c, untouched].map { try r.feature($0, in: Catalog.riskSources)! } }
        #expect(stored.map { $0["colour"] } == ["red", "yellow", "orange", "blue"])
        #expect(stored.map { $0["risk_count"] } == [2, 1, 2, 0])
        // What was recorded is what is stored, slim: id, geometry and the two fields a recolouring changes.
        #expect(derived.map(\.after?.geometry) == stored.prefix(3).map(\.geometry))
        #expect(derived.allSatisfy { Set($0.after?.properties.keys ?? [:].keys) == ["colour", "risk_count"] })
    }
}
