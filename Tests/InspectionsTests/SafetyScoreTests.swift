import Foundation
import Inspections
import RiskGrid
import RiskModel
@_spi(RawSQL) import Store
import Testing

/// Safety scores in real writes: an enterprise with a general risk (yellow) under colour rules that raise the
/// colour one step at a score of 6 or less.
@Suite struct SafetyScoreTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scores-\(UUID().uuidString)")
    let ctx = WriteContext(actor: "inspector", time: "2026-12-05T08:00:00Z")

    func store() throws -> (Store, Int64) {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var rules = ColourRules.standard
        rules.raiseAtOrBelowScore = 6
        let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true, observers: [EnterpriseColours(rules: rules)])
        let id = try store.write(ctx) { tx in
            let e = try tx.insert(Feature(geometry: .point(.init(120.6, 31.3)), properties: ["name": "甲化工", "sector": "hazardous_chemicals"]),
                                  into: Catalog.riskSources).id!
            _ = try tx.insert(Feature(geometry: nil, properties: ["source_id": .integer(e), "name": "装卸", "level": "general"]), into: Catalog.risks)
            return e
        }
        return (store, id)
    }

    @Test func theScoreFollowsItsEventsAndTheColourFollowsTheScoreInTheSameWrite() throws {
        let (store, id) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scores = SafetyScores()
        func colour() throws -> String? { try store.read { try $0.feature(id, in: Catalog.riskSources)?["colour"].textValue } }
        #expect(try colour() == "yellow")
        // A major hidden danger (−4): 8, county supervision; the colour stays.
        var year = try store.write(ctx) { try scores.record(source: id, indicator: "D01", date: "2026-11-02", note: "储罐区未设置紧急切断", now: $0.context.time, in: $0) }
        #expect(year.score == 8 && year.tier == "county" && year.events.map(\.indicator) == ["D01"])
        #expect(try colour() == "yellow")
        // A suspension (−6): 2, city supervision, and the colour raised to orange in the same write, audited.
        let auditBefore = try store.read { try $0.connection.scalar("SELECT count(*) FROM audit").intValue ?? 0 }
        year = try store.write(ctx) { try scores.record(source: id, indicator: "B01", date: "2026-11-20", note: nil, now: $0.context.time, in: $0) }
        #expect(year.score == 2 && year.tier == "city")
        #expect(try colour() == "orange")
        let audited = try store.read { r in
            try r.connection.prepare("SELECT layer, action FROM audit WHERE id > \(auditBefore) ORDER BY id").map2()
        }
        #expect(audited == ["score_events insert", "risk_sources update"])
        #expect(try store.read { try $0.feature(id, in: Catalog.riskSources)?["safety_score"] } == 2)
        // The floor holds at 0; a bonus never lifts a year above its start; last year's events do not move this year.
        year = try store.write(ctx) { try scores.record(source: id, indicator: "A01", date: "2026-12-01", note: nil, now: $0.context.time, in: $0) }
        #expect(year.score == 0)
        let last = try store.write(ctx) { try scores.record(source: id, indicator: "E01", date: "2025-06-01", note: nil, now: $0.context.time, in: $0) }
        #expect(last.year == 2025 && last.score == 12)
        #expect(try store.read { try $0.feature(id, in: Catalog.riskSources)?["safety_score"] } == 0)
        #expect(ScoreRules.standard.score(of: [2, -4, 1]) == 9 && ScoreRules.standard.score(of: [-13, 5]) == 5)
    }

    @Test func badIndicatorsDatesAndSourcesWriteNothing() throws {
        let (store, id) = try store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scores = SafetyScores()
        #expect { try store.write(ctx) { try scores.record(source: id, indicator: "Z99", date: "2026-11-02", note: nil, now: $0.context.time, in: $0) } }
            throws: { "\($0)".contains("no indicator Z99") }
        #expect { try store.write(ctx) { try scores.record(source: id, indicator: "D01", date: "02/11/2026", note: nil, now: $0.context.time, in: $0) } }
            throws: { "\($0)".contains("YYYY-MM-DD") }
        #expect(throws: StoreError.self) { try store.write(ctx) { try scores.record(source: 999, indicator: "D01", date: "2026-11-02", note: nil, now: $0.context.time, in: $0) } }
        #expect(try store.read { try $0.connection.scoreEvents(source: id) }.isEmpty)
        #expect(ScoreRules.standard.tier(for: 12) == "town" && ScoreRules.standard.tier(for: 6) == "county" && ScoreRules.standard.tier(for: 5) == "city")
    }
}

extension Statement {
    /// The rows of a two-column statement as "a b".
    func map2() throws -> [String] {
        var out: [String] = []
        while try step() { out.append("\(text(0) ?? "") \(text(1) ?? "")") }
        return out
    }
}
