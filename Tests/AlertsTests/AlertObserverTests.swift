import Alerts
import Foundation
import GeoKit
@_spi(RawSQL) import Store
import Testing

/// The rules inside real writes to a database in a temporary directory: a school 100 m east of a report's point,
/// a major hazard 400 m north of it, and an enterprise far away.
@Suite struct AlertObserverTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-\(UUID().uuidString)")
    let editor = WriteContext(actor: "test", time: "2026-12-05T08:00:00Z")
    static let here = Coordinate(120.6, 31.3)

    func store() throws -> (Store, school: Int64, hazard: Int64, source: Int64) {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true, observers: [AlertObserver()])
        let ids = try store.write(editor) { tx in
            (try tx.insert(Feature(geometry: .point(Coordinate(120.60105, 31.3)), properties: ["name": "第一小学", "category": "school", "capacity": 800]),
                           into: Catalog.sites).id!,
             try tx.insert(Feature(geometry: .point(Coordinate(120.6, 31.3036)), properties: ["name": "Tank Farm", "sector": "hazardous_chemicals", "hazard_grade": 2]),
                           into: Catalog.riskSources).id!,
             try tx.insert(Feature(geometry: .point(Coordinate(120.7, 31.4)), properties: ["name": "Reporter Co", "sector": "gas"]), into: Catalog.riskSources).id!)
        }
        return (store, ids.0, ids.1, ids.2)
    }

    func report(_ source: Int64, level: String = "major", radius: Double = 300, at p: Coordinate = here, activity: String = "hot_work") -> Feature {
        Feature(geometry: .point(p), properties: [
            "reporter": "Reporter Co", "source_id": .integer(source), "activity": .text(activity), "level": .text(level),
            "impact_radius_m": .real(radius), "valid_from": "2026-12-05T00:00:00Z", "valid_to": "2026-12-06T00:00:00Z"])
    }

    func alerts(_ store: Store) throws -> [Feature] { try store.read { try $0.connection.alerts(limit: 100) } }

    @Test func aReportNearASchoolRaisesAnAlertAndItsWithdrawalACancel() throws {
        let (store, school, _, source) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = try store.write(editor) { try $0.insert(report(source), into: Catalog.reports).id! }
        var all = try alerts(store)
        try #require(all.count == 1)
        let first = all[0]
        #expect(first["msg_type"] == "Alert" && first["cause_layer"] == "reports" && first["cause_id"] == .integer(id))
        #expect(first["level"] == "major" && first["rule"] == "crowded_site_in_impact_radius")
        #expect(first["message"].textValue?.contains("第一小学") == true)
        // The reporter is a gas enterprise: the duty office and the gas department.
        #expect(first["departments"] == #"["应急管理局值班室","住房和城乡建设局（燃气）"]"#)
        let affected = try JSONParser.parse(first["affected"].textValue ?? "")
        #expect(affected == .array([.object(["layer": .string("sites"), "id": .integer(school), "name": .string("第一小学"),
                                             "detail": .string("school, 800 people"), "distance_m": .integer(100)])]))
        // Growing the radius reaches the major hazard too: an Update that references the first alert.
        _ = try store.write(editor) { try $0.update(id, in: Catalog.reports, with: Feature(geometry: nil, properties: ["impact_radius_m": 500]), merge: true) }
        all = try alerts(store)
        #expect(all.map { $0["msg_type"] } == ["Alert", "Update"])
        #expect(all[1]["references_id"] == .integer(first.id!))
        #expect(all[1]["rule"] == "crowded_site_in_impact_radius,domino_major_hazard")
        #expect(all[0] == first, "the first alert is never edited")
        // Withdrawn: a Cancel referencing the first alert; withdrawing again says nothing more.
        _ = try store.write(editor) { try $0.update(id, in: Catalog.reports, with: Feature(geometry: nil, properties: ["status": "cancelled"]), merge: true) }
        _ = try store.write(editor) { try $0.update(id, in: Catalog.reports, with: Feature(geometry: nil, properties: ["measures": "none"]), merge: true) }
        all = try alerts(store)
        #expect(all.map { $0["msg_type"] } == ["Alert", "Update", "Cancel"])
        #expect(all[2]["references_id"] == .integer(first.id!))
    }

    @Test func whatTheRulesDoNotMatchRaisesNothing() throws {
        let (store, _, _, source) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.write(editor) { tx in
            _ = try tx.insert(report(source, level: "general"), into: Catalog.reports)                          // below the rules' level
            _ = try tx.insert(report(source, radius: 50), into: Catalog.reports)                                // reaches nothing
            var ended = report(source)
            ended["valid_to"] = "2026-12-05T07:00:00Z"                                                          // over before it was written
            _ = try tx.insert(ended, into: Catalog.reports)
            _ = try tx.bulkInsert([Feature(geometry: .point(Self.here), properties: ["source_id": .integer(source), "name": "storage", "level": "major"])],
                                  into: Catalog.risks, note: "register import")                               // a register import is not news
        }
        #expect(try alerts(store).isEmpty)
        // A large event of any level 800 m from a major hazard: the large-event rule (1 km).
        _ = try store.write(editor) { try $0.insert(report(source, level: "low", radius: 10, at: Coordinate(120.6, 31.2964), activity: "large_event"), into: Catalog.reports) }
        let raised = try alerts(store)
        #expect(raised.count == 1 && raised.first?["rule"] == "large_event_near_major_hazard")
        #expect(raised.first?["message"].textValue?.contains("Tank Farm") == true)
    }

    @Test func capMessagesCarryTheThreadAndAGBTIdentifier() throws {
        let (store, _, _, source) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let id = try store.write(editor) { try $0.insert(report(source), into: Catalog.reports).id! }
        _ = try store.write(editor) { try $0.delete(id, from: Catalog.reports) }
        let all = try alerts(store)
        try #require(all.map { $0["msg_type"] } == ["Alert", "Cancel"])
        #expect(CAPMessage.identifier(.standard, createdAt: "2026-12-05T08:00:00Z", id: 7) == "32050000000000" + "20261205160000" + "0007")
        let cancel = CAPMessage.xml(all[1], first: (all[0].id!, "2026-12-05T08:00:00Z"), rules: .standard)
        #expect(cancel.contains("<msgType>Cancel</msgType>"))
        #expect(cancel.contains("<references>\(AlertRules.standard.sender),\(CAPMessage.identifier(.standard, createdAt: "2026-12-05T08:00:00Z", id: all[0].id!)),2026-12-05T16:00:00+08:00</references>"))
        #expect(cancel.contains("<sent>2026-12-05T16:00:00+08:00</sent>") && cancel.contains("<severity>Extreme</severity>"))
    }
}
