import Alerts
import Foundation
import GeoKit
import RiskGrid
import RiskModel
@_spi(RawSQL) import Store
import Testing

/// The `red_cells` rule over a built grid with the standard absolute breaks (red from C = 27): a school of 800
/// people (E = 800, so C = 1.8 H in its cell) 100 m east of where hazards are written.
@Suite struct RedCellRuleTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("red-cells-\(UUID().uuidString)")
    let editor = WriteContext(actor: "test", time: "2026-12-05T08:00:00Z")
    static let here = Coordinate(120.6, 31.3), schoolAt = Coordinate(120.60105, 31.3)

    func store() throws -> (Store, source: Int64, schoolCell: Int64) {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true, observers: [AlertObserver(), GridObserver()])
        let source = try store.write(editor) { tx in
            _ = try tx.insert(Feature(geometry: .point(Self.schoolAt), properties: ["name": "第一小学", "category": "school", "capacity": 800]), into: Catalog.sites)
            let id = try tx.insert(Feature(geometry: .point(Coordinate(120.7, 31.4)), properties: ["name": "Reporter Co", "sector": "gas"]), into: Catalog.riskSources).id!
            _ = try GridBuilder(config: .standard).rebuild(tx.connection, builtAt: tx.context.time, breaks: RiskModelConfig.standard.combined.thresholds)
            return id
        }
        let key = try store.read { r in try GridQuery(connection: r.connection).cell(lon: Self.schoolAt.x, lat: Self.schoolAt.y, at: 0).key }
        return (store, source, Int64(key.j) << 32 | Int64(key.i))
    }

    func alerts(_ store: Store) throws -> [Feature] { try store.read { try $0.connection.alerts(limit: 100) } }

    func gridCells(_ alert: Feature) throws -> [Int64] {
        guard case .array(let list) = try JSONParser.parse(alert["affected"].textValue ?? "") else { return [] }
        return list.compactMap { item in
            guard case .object(let o) = item, o["layer"] == .string("grid"), case .integer(let id)? = o["id"] else { return nil }
            return id
        }
    }

    @Test func aMajorReportTurningTheSchoolsCellRedSaysSo() throws {
        let (store, source, schoolCell) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A general report (weight 3) leaves every cell below red: no alert at all.
        _ = try store.write(editor) { try $0.insert(report(source, level: "general"), into: Catalog.reports) }
        #expect(try alerts(store).isEmpty)
        _ = try store.write(editor) { try $0.insert(report(source, level: "major"), into: Catalog.reports) }
        let all = try alerts(store)
        try #require(all.count == 1)
        #expect(all[0]["rule"] == "crowded_site_in_impact_radius,grid_cell_turns_red")
        #expect(try gridCells(all[0]).contains(schoolCell))
        #expect(all[0]["message"].textValue?.contains("转为红色") == true)
    }

    /// A permanent risk is in the stored grid once written; an edit that leaves it as it was must still count the
    /// cells it turns red (the risk as it was is taken out of the stored grid first), and lowering it cancels.
    @Test func aPermanentRiskKeepsItsRedCellsThroughAnEditAndLoweringItCancels() throws {
        let (store, source, schoolCell) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let risk = Feature(geometry: .point(Self.here), properties: ["source_id": .integer(source), "name": "LNG tank", "level": "major", "impact_radius_m": 300])
        let id = try store.write(editor) { try $0.insert(risk, into: Catalog.risks).id! }
        _ = try store.write(editor) { try $0.update(id, in: Catalog.risks, with: Feature(geometry: nil, properties: ["name": "LNG tank 2"]), merge: true) }
        var all = try alerts(store)
        try #require(all.map { $0["msg_type"] } == ["Alert", "Update"])
        #expect(try gridCells(all[0]) == gridCells(all[1]))
        #expect(try gridCells(all[1]).contains(schoolCell))
        _ = try store.write(editor) { try $0.update(id, in: Catalog.risks, with: Feature(geometry: nil, properties: ["level": "low"]), merge: true) }
        all = try alerts(store)
        #expect(all.map { $0["msg_type"] } == ["Alert", "Update", "Cancel"])
        // The stored grid followed every write: the school's cell is no longer red.
        let colour = try store.read { r in try GridQuery(connection: r.connection).cell(lon: Self.schoolAt.x, lat: Self.schoolAt.y, at: 0).colour }
        #expect(colour != .red)
    }

    func report(_ source: Int64, level: String) -> Feature {
        Feature(geometry: .point(Self.here), properties: [
            "reporter": "Reporter Co", "source_id": .integer(source), "activity": "hot_work", "level": .text(level),
            "impact_radius_m": 300, "valid_from": "2026-12-05T00:00:00Z", "valid_to": "2026-12-06T00:00:00Z"])
    }
}
