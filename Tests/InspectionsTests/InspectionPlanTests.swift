import Foundation
import Inspections
import RiskGrid
import RiskModel
@_spi(RawSQL) import Store
import Testing

/// Stored plans, collisions and results in real writes: three enterprises, one of them yellow under colour rules
/// that raise the colour one step at a score of 6 or less.
@Suite struct InspectionPlanTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plans-\(UUID().uuidString)")
    let ctx = WriteContext(actor: "inspector", time: "2027-03-20T08:00:00Z")

    func store() throws -> (Store, [Int64]) {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var rules = ColourRules.standard
        rules.raiseAtOrBelowScore = 6
        let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true, observers: [EnterpriseColours(rules: rules)])
        let ids = try store.write(ctx) { tx in
            try (0..<3).map { n -> Int64 in
                let e = try tx.insert(Feature(geometry: .point(.init(120.6 + Double(n) / 100, 31.3)), properties: ["name": .text("企业\(n)"), "sector": "hazardous_chemicals"]), into: Catalog.riskSources).id!
                _ = try tx.insert(Feature(geometry: nil, properties: ["source_id": .integer(e), "name": "装卸", "level": "general"]), into: Catalog.risks)
                return e
            }
        }
        return (store, ids)
    }

    @Test func twoDepartmentsPlanningOneEnterpriseWithinTheWindowYieldOneJointInspection() throws {
        let (store, e) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.write(ctx) { tx in
            _ = try tx.createPlan(department: "应急管理局", level: "city", period: "2027", visits: [
                NewVisit(sourceID: e[0], date: "2027-04-10", items: ["重大危险源管理", "动火作业"]),
                NewVisit(sourceID: e[1], date: "2027-05-01", items: ["重大危险源管理"]),
            ])
            _ = try tx.createPlan(department: "消防救援支队", level: "county", period: "2027", visits: [
                NewVisit(sourceID: e[0], date: "2027-04-25", items: ["消防设施", "动火作业"]),       // 15 days after: joined
                NewVisit(sourceID: e[1], date: "2027-06-15", items: ["消防设施"]),                   // 45 days after: not
            ])
            _ = try tx.createPlan(department: "生态环境局", level: "town", period: "2027", visits: [
                NewVisit(sourceID: e[0], date: "2027-05-20", items: ["危废贮存"]),                    // 40 days after the first: a run of its own
                NewVisit(sourceID: e[2], date: "2027-05-21", items: ["危废贮存"]),
            ])
        }
        let visits = try store.read { try $0.connection.departmentVisits(from: "2027-01-01", to: "2027-12-31") }
        #expect(visits.count == 6)
        let joint = JointInspections.propose(visits, windowDays: 30)
        try #require(joint.count == 1)
        #expect(joint[0].sourceID == e[0] && joint[0].date == "2027-04-10" && joint[0].saved == 1)
        #expect(joint[0].lead == "应急管理局" && joint[0].departments == ["应急管理局", "消防救援支队"])
        #expect(joint[0].items == ["重大危险源管理", "动火作业", "消防设施"])
        // A wider window reaches the third department's visit too; a window of 0 joins nothing.
        #expect(JointInspections.propose(visits, windowDays: 40).first?.visits.count == 3)
        #expect(JointInspections.propose(visits, windowDays: 0).isEmpty)
        // A second plan of the same department, level and period is refused; a malformed one names its faults.
        #expect(throws: StoreError.self) { try store.write(ctx) { try $0.createPlan(department: "应急管理局", level: "city", period: "2027", visits: [NewVisit(sourceID: e[2], date: "2027-04-10", items: [])]) } }
        #expect { try store.write(ctx) { try $0.createPlan(department: "x", level: "province", period: "2027-Q5", visits: [NewVisit(sourceID: e[2], date: "soon", items: [])]) } }
            throws: { "\($0)".contains("level must be") && "\($0)".contains("period must be") && "\($0)".contains("visit 1: date") }
        #expect(throws: StoreError.self) { try store.write(ctx) { try $0.createPlan(department: "y", level: "town", period: "2027", visits: [NewVisit(sourceID: 999, date: "2027-04-10", items: [])]) } }
        #expect(try store.read { try $0.connection.plans().count } == 3)
    }

    @Test func aFindingThatDeductsPointsChangesScoreAndColourInTheSameWriteAudited() throws {
        let (store, e) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try store.write(ctx) { try $0.createPlan(department: "应急管理局", level: "city", period: "2027", visits: [NewVisit(sourceID: e[0], date: "2027-03-18", items: ["动火作业"])]) }
        let visit = try #require(try store.read { try $0.connection.planVisits(plan: plan).first?.id })
        let results = VisitResults(scores: SafetyScores())
        func colour() throws -> String? { try store.read { try $0.feature(e[0], in: Catalog.riskSources)?["colour"].textValue } }
        #expect(try colour() == "yellow")
        let auditBefore = try store.read { try $0.connection.scalar("SELECT max(id) FROM audit").intValue ?? 0 }
        let done = try store.write(ctx) { tx in
            try results.record(plan: plan, visit: visit, findings: [Finding(indicator: "B01", note: "责令停产整顿"), Finding(indicator: nil, note: "台账不全")],
                               dangersFound: 3, dangersClosed: 1, date: nil, in: tx)
        }
        #expect(done.visit.status == "done" && done.visit.dangersFound == 3 && done.visit.dangersClosed == 1)
        #expect(done.score?.score == 6 && done.score?.events.first?.note?.contains("责令停产整顿") == true)
        #expect(try colour() == "orange")
        let audited = try store.read { r -> [String] in
            let s = try r.connection.prepare("SELECT layer || ' ' || action FROM audit WHERE id > \(auditBefore) ORDER BY id")
            var out: [String] = []
            while try s.step() { out.append(s.text(0) ?? "") }
            return out
        }
        #expect(audited == ["plan_visits update", "score_events insert", "risk_sources update"])
        // A result is recorded once; an unknown indicator writes nothing at all.
        #expect(throws: StoreError.self) { try store.write(ctx) { try results.record(plan: plan, visit: visit, findings: [], dangersFound: 0, dangersClosed: 0, date: nil, in: $0) } }
        let other = try store.write(ctx) { try $0.createPlan(department: "消防", level: "county", period: "2027", visits: [NewVisit(sourceID: e[1], date: "2027-03-18", items: [])]) }
        let otherVisit = try #require(try store.read { try $0.connection.planVisits(plan: other).first?.id })
        #expect(throws: ScoreRulesError.self) {
            try store.write(ctx) { try results.record(plan: other, visit: otherVisit, findings: [Finding(indicator: "Z9", note: "?")], dangersFound: 0, dangersClosed: 0, date: nil, in: $0) }
        }
        #expect(try store.read { try $0.connection.planVisit(otherVisit)?.status } == "planned")
    }
}
