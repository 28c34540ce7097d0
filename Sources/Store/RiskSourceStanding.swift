/// What an enterprise's colour is worked out from: its major-hazard grade, safety score, how many risks it
/// has reported and the most severe of them.
public struct RiskSourceStanding: Sendable, Equatable {
    public let hazardGrade: Int?
    public let safetyScore: Int?
    public let riskCount: Int
    /// The most severe level among its risks (a `Catalog.levels` code), nil when it has none.
    public let worstLevel: String?
}

extension Connection {
    /// The standing of risk source `id`, nil when there is no such source.
    public func standing(ofRiskSource id: Int64) throws -> RiskSourceStanding? {
        // Catalog.levels runs from the most severe down, so the smallest index is the worst level.
        let rank = Catalog.levels.enumerated().map { "WHEN '\($0.element)' THEN \($0.offset)" }.joined(separator: " ")
        let s = try cached("""
            SELECT s.hazard_grade, s.safety_score, count(r.fid), min(CASE r.level \(rank) END)
            FROM risk_sources s LEFT JOIN risks r ON r.source_id = s.fid WHERE s.fid = ? GROUP BY s.fid
            """)
        try s.bind(.integer(id), at: 1)
        defer { s.reset() }
        guard try s.step() else { return nil }
        return RiskSourceStanding(hazardGrade: s.isNull(0) ? nil : Int(s.int64(0)), safetyScore: s.isNull(1) ? nil : Int(s.int64(1)),
                                  riskCount: Int(s.int64(2)), worstLevel: s.isNull(3) ? nil : Catalog.levels[Int(s.int64(3))])
    }

    /// Stores a risk source's derived colour and risk count.
    public func setColour(ofRiskSource id: Int64, to colour: String, riskCount: Int) throws {
        try cached("UPDATE risk_sources SET colour = ?, risk_count = ? WHERE fid = ?").run([.text(colour), .integer(Int64(riskCount)), .integer(id)])
    }

    /// Every risk source's id, in order.
    public func riskSourceIDs() throws -> [Int64] {
        let s = try cached("SELECT fid FROM risk_sources ORDER BY fid")
        defer { s.reset() }
        var ids: [Int64] = []
        while try s.step() { ids.append(s.int64(0)) }
        return ids
    }

    /// The risk sources the risks `ids` belong to, in order.
    public func riskSourceIDs(ofRisks ids: ClosedRange<Int64>) throws -> [Int64] {
        let s = try cached("SELECT DISTINCT source_id FROM risks WHERE fid BETWEEN ? AND ? ORDER BY 1")
        try s.bind([.integer(ids.lowerBound), .integer(ids.upperBound)])
        defer { s.reset() }
        var out: [Int64] = []
        while try s.step() { out.append(s.int64(0)) }
        return out
    }
}
