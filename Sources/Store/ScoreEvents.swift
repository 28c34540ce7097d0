import Foundation
import GeoKit

/// A safety-score event as stored: an indicator applied to an enterprise on a date, with its signed points.
public struct ScoreEvent: Sendable, Equatable {
    public let id: Int64
    public let sourceID: Int64
    public let indicator: String
    /// Negative for a deduction, positive for a bonus.
    public let points: Int
    /// `YYYY-MM-DD`.
    public let date: String
    public let note: String?
    public let actor: String
    public let recordedAt: String
}

extension WriteTransaction {
    /// Records a score event inside this write (audited as an insert into `score_events`); returns its id.
    public func recordScoreEvent(source: Int64, indicator: String, points: Int, date: String, note: String?) throws -> Int64 {
        guard try connection.scalar("SELECT count(*) FROM risk_sources WHERE fid = ?", [.integer(source)]).intValue == 1 else {
            throw StoreError.notFound(layer: Catalog.riskSources.name, id: source)
        }
        try connection.cached("""
            INSERT INTO score_events (source_id, indicator, points, on_date, note, actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).run([.integer(source), .text(indicator), .integer(Int64(points)), .text(date), note.map { .text($0) } ?? .null,
                      .text(context.actor), .text(context.time)])
        let id = connection.lastInsertRowID
        var after = JSONWriter()
        after.raw("{\"source_id\":")
        after.number(source)
        after.raw(",\"indicator\":")
        after.string(indicator)
        after.raw(",\"points\":")
        after.number(Int64(points))
        after.raw(",\"date\":")
        after.string(date)
        after.byte(UInt8(ascii: "}"))
        try connection.cached("""
            INSERT INTO audit (at, actor, action, layer, feature_id, before, after, note) VALUES (?, ?, 'insert', 'score_events', ?, NULL, ?, ?)
            """).run([.text(context.time), .text(context.actor), .integer(id),
                      .text(after.string),
                      .text("score event of risk source \(source)")])
        return id
    }
}

extension Connection {
    /// An enterprise's score events dated in `year` (all years when nil), in date order then as recorded.
    public func scoreEvents(source: Int64, year: Int? = nil) throws -> [ScoreEvent] {
        let s = try prepare("""
            SELECT id, source_id, indicator, points, on_date, note, actor, recorded_at FROM score_events
            WHERE source_id = ?1 AND (?2 IS NULL OR substr(on_date, 1, 4) = ?2) ORDER BY on_date, id
            """)
        try s.bind([.integer(source), year.map { .text(String(format: "%04d", $0)) } ?? .null])
        var out: [ScoreEvent] = []
        while try s.step() {
            out.append(ScoreEvent(id: s.int64(0), sourceID: s.int64(1), indicator: s.text(2) ?? "", points: Int(s.int64(3)), date: s.text(4) ?? "",
                                  note: s.text(5), actor: s.text(6) ?? "", recordedAt: s.text(7) ?? ""))
        }
        return out
    }
}

extension Connection {
    /// Every score event dated from `since` (`YYYY-MM-DD`) on: its enterprise and indicator (for plan drafting).
    public func scoreEventIndicators(since: String) throws -> [(source: Int64, indicator: String)] {
        let s = try prepare("SELECT source_id, indicator FROM score_events WHERE on_date >= ?")
        try s.bind([.text(since)])
        var out: [(Int64, String)] = []
        while try s.step() { out.append((s.int64(0), s.text(1) ?? "")) }
        return out
    }
}
