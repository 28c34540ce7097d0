import GeoKit
import Store

/// What an inspection found: a note, and the score indicator it breaches (or earns) when it counts for the
/// enterprise's safety score.
public struct Finding: Sendable, Equatable {
    public let indicator: String?
    public let note: String

    public init(indicator: String?, note: String) { (self.indicator, self.note) = (indicator, note) }
}

/// Records a visit's result and closes the loop: each finding with an indicator becomes a score event of the
/// visited enterprise in the same write, so its score — and through the colour rules its colour — follows
/// (`SafetyScores.record`).
public struct VisitResults: Sendable {
    public let scores: SafetyScores

    public init(scores: SafetyScores) { self.scores = scores }

    /// The visit as recorded and the enterprise's year after it (nil when no finding carried an indicator).
    public func record(plan: Int64, visit: Int64, findings: [Finding], dangersFound: Int, dangersClosed: Int, date: String?,
                       in tx: WriteTransaction) throws -> (visit: PlanVisit, score: SafetyScore?) {
        guard findings.count <= 100, findings.allSatisfy({ !$0.note.isEmpty && $0.note.count <= 1_000 }) else {
            throw ScoreRulesError("at most 100 findings, each with a note of 1–1000 characters")
        }
        var text = JSONWriter()
        text.array(findings) { w, f in
            w.raw("{\"indicator\":")
            if let code = f.indicator { w.string(code) } else { w.raw("null") }
            w.raw(",\"note\":")
            w.string(f.note)
            w.byte(UInt8(ascii: "}"))
        }
        let done = try tx.recordVisitResult(plan: plan, visit: visit, findings: findings.isEmpty ? nil : text.string,
                                            dangersFound: dangersFound, dangersClosed: dangersClosed)
        var year: SafetyScore?
        let on = date ?? String(tx.context.time.prefix(10))
        for f in findings {
            guard let code = f.indicator else { continue }
            year = try scores.record(source: done.sourceID, indicator: code, date: on, note: "检查发现（计划 \(plan)，第 \(visit) 次检查）：\(f.note)",
                                     now: tx.context.time, in: tx)
        }
        return (done, year)
    }
}
