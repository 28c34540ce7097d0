import Foundation
import Inspections
import RiskGrid
@_spi(RawSQL) import Store
import Testing

/// A draft whose answer is known: five enterprises, quotas city 1, county 2, town 1.
@Suite struct PlanDraftTests {
    @Test func theLevelsTakeTheirQuotasInOrderAndNobodyTwice() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plans-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true, observers: [EnterpriseColours()])
        let ctx = WriteContext(actor: "test", time: "2026-12-05T08:00:00Z")
        let ids = try store.write(ctx) { tx -> [Int64] in
            func enterprise(_ name: String, sector: String = "gas", grade: Int? = nil, risk: String? = nil) throws -> Int64 {
                var p: [String: Value] = ["name": .text(name), "sector": .text(sector)]
                if let grade { p["hazard_grade"] = .integer(Int64(grade)) }
                let id = try tx.insert(Feature(geometry: .point(.init(120.6, 31.3)), properties: p), into: Catalog.riskSources).id!
                if let risk { _ = try tx.insert(Feature(geometry: nil, properties: ["source_id": .integer(id), "name": "r", "level": .text(risk)]), into: Catalog.risks) }
                return id
            }
            return [try enterprise("E1 red, grade 1", grade: 1), try enterprise("E2 orange", risk: "significant"),
                    try enterprise("E3 yellow chemicals", sector: "hazardous_chemicals", risk: "general"),
                    try enterprise("E4 two accidents"), try enterprise("E5 nothing")]
        }
        // E4: two injury accidents this year (−3 each: score 6, county tier).
        for date in ["2026-03-01", "2026-09-01"] {
            _ = try store.write(ctx) { try SafetyScores().record(source: ids[3], indicator: "A03", date: date, note: nil, now: $0.context.time, in: $0) }
        }
        // E2 inspected in October (no points for time since), E5 last in June 2025 (over 365 days before 2027).
        try store.write(ctx) { tx in
            let plan = try tx.createPlan(department: "应急管理局", level: "city", period: "2025", visits: [
                NewVisit(sourceID: ids[1], date: "2026-10-01", items: []), NewVisit(sourceID: ids[4], date: "2025-06-01", items: [])])
            for visit in try tx.connection.planVisits(plan: plan) {
                _ = try tx.recordVisitResult(plan: plan, visit: visit.id, findings: nil, dangersFound: 0, dangersClosed: 0)
            }
        }
        var criteria = PlanCriteria.standard
        criteria.quota = ["city": 1, "county": 2, "town": 1]
        let drafter = PlanDrafter(criteria: criteria)
        let visits = try store.read { try drafter.draft(period: 2027, levels: Set(PlanCriteria.levels), $0.connection) }
        #expect(visits.map { "\($0.level) \($0.rank) \($0.name) \($0.priority)" } == [
            "city 1 E1 red, grade 1 85", "county 1 E4 two accidents 80", "county 2 E3 yellow chemicals 35", "town 1 E2 orange 25"])
        #expect(Set(visits.map(\.enterprise)).count == visits.count)
        #expect(visits[1].reasons == ["safety score 6 (county tier) +15", "2 × 安全事故 since 2026 +50", "never inspected +15"])
        #expect(visits[3].reasons == ["colour orange +25"])
        criteria.quota["town"] = 2
        let town = try store.read { try PlanDrafter(criteria: criteria).draft(period: 2027, levels: ["town"], $0.connection) }
        #expect(town.last?.enterprise == ids[4] && town.last?.reasons == ["last inspected 2025-06-01 +15"])
        // Asking for one level gives the same visits for it: the levels before still take their share.
        let county = try store.read { try drafter.draft(period: 2027, levels: ["county"], $0.connection) }
        #expect(county.map(\.enterprise) == [ids[3], ids[2]])
        let csv = PlanOutput.csv(visits).split(separator: "\r\n")
        #expect(csv.count == 5 && csv[0].hasPrefix("level,rank,enterprise,name"))
    }
}
