import Foundation
import Store

/// An enterprise's year: its events, the score they leave, and the tier that score puts it in.
public struct SafetyScore: Sendable {
    public let sourceID: Int64
    public let year: Int
    public let events: [ScoreEvent]
    public let score: Int
    public let tier: String
}

/// Records score events and keeps each enterprise's stored `safety_score` equal to its current year's score, in
/// the same write: the enterprise's update is audited and runs every write observer, so its colour follows
/// the score by the colour rules (`EnterpriseColours`) in the same transaction.
public struct SafetyScores: Sendable {
    public let rules: ScoreRules

    public init(rules: ScoreRules = .standard) { self.rules = rules }

    /// Records `indicator` against `source` on `date` (`YYYY-MM-DD`) and returns the enterprise's year after it.
    /// The stored score is the score of the year of `now` (an event of another year is kept and does not move it).
    public func record(source: Int64, indicator code: String, date: String, note: String?, now: String, in tx: WriteTransaction) throws -> SafetyScore {
        guard let indicator = rules.indicator(code) else {
            throw ScoreRulesError("no indicator \(code) (indicators: \(rules.indicators.map(\.code).joined(separator: ", ")))")
        }
        guard date.count == 10, Timestamp.parse(date) != nil, let year = Int(date.prefix(4)) else {
            throw ScoreRulesError("date must be YYYY-MM-DD, not '\(date)'")
        }
        _ = try tx.recordScoreEvent(source: source, indicator: indicator.code, points: indicator.points, date: date, note: note)
        let current = Int(now.prefix(4)) ?? year
        let thisYear = try score(of: source, year: current, tx.connection)
        let stored = try tx.feature(source, in: Catalog.riskSources)["safety_score"].intValue
        if stored != Int64(thisYear.score) {
            _ = try tx.update(source, in: Catalog.riskSources, with: Feature(geometry: nil, properties: ["safety_score": .integer(Int64(thisYear.score))]), merge: true)
        }
        return year == current ? thisYear : try score(of: source, year: year, tx.connection)
    }

    /// The enterprise's `year`.
    public func score(of source: Int64, year: Int, _ db: Connection) throws -> SafetyScore {
        let events = try db.scoreEvents(source: source, year: year)
        let score = rules.score(of: events.map(\.points))
        return SafetyScore(sourceID: source, year: year, events: events, score: score, tier: rules.tier(for: score))
    }
}
