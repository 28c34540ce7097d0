import GeoKit

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
    /// What a standing is computed from, for `risk_sources s LEFT JOIN risks r`: grade, score, count, worst rank.
    private static let standingColumns: String = {
        // Catalog.levels runs from the most severe down, so the smallest index is the worst level.
        let rank = Catalog.levels.enumerated().map { "WHEN '\($0.element)' THEN \($0.offset)" }.joined(separator: " ")
        return "s.hazard_grade, s.safety_score, count(r.fid), min(CASE r.level \(rank) END)"
    }()

    /// The standing in `standingColumns` read from column `at` on.
    private static func standing(_ s: Statement, at i: Int32) -> RiskSourceStanding {
        RiskSourceStanding(hazardGrade: s.isNull(i) ? nil : Int(s.int64(i)), safetyScore: s.isNull(i + 1) ? nil : Int(s.int64(i + 1)),
                           riskCount: Int(s.int64(i + 2)), worstLevel: s.isNull(i + 3) ? nil : Catalog.levels[Int(s.int64(i + 3))])
    }

    /// The standing of risk source `id`, nil when there is no such source.
    public func standing(ofRiskSource id: Int64) throws -> RiskSourceStanding? {
        let s = try cached("""
            SELECT \(Self.standingColumns)
            FROM risk_sources s LEFT JOIN risks r ON r.source_id = s.fid WHERE s.fid = ? GROUP BY s.fid
            """)
        try s.bind(.integer(id), at: 1)
        defer { s.reset() }
        guard try s.step() else { return nil }
        return Self.standing(s, at: 0)
    }

    /// The risk sources the risks `ids` belong to, each with its standing, in id order: one statement for a bulk
    /// load instead of two per source. A load may touch every enterprise of the city, so each comes slim: its id,
    /// geometry, colour and risk count, all a recolouring changes or its followers need (see `Change`).
    public func standings(ofSourcesOfRisks ids: ClosedRange<Int64>) throws -> [(source: Feature, standing: RiskSourceStanding)] {
        let s = try cached("""
            SELECT s.fid, s.colour, s.risk_count, s.geom, \(Self.standingColumns)
            FROM risk_sources s LEFT JOIN risks r ON r.source_id = s.fid
            WHERE s.fid IN (SELECT source_id FROM risks WHERE fid BETWEEN ? AND ?) GROUP BY s.fid ORDER BY s.fid
            """)
        try s.bind([.integer(ids.lowerBound), .integer(ids.upperBound)])
        defer { s.reset() }
        var out: [(source: Feature, standing: RiskSourceStanding)] = []
        while try s.step() {
            let geometry: Geometry? = s.isNull(3) ? nil : try s.withBlob(3) { try SpatiaLiteBlob.decode($0).geometry }
            let source = Feature(id: s.int64(0), geometry: geometry, properties: ["colour": s.value(1), "risk_count": s.value(2)])
            out.append((source, Self.standing(s, at: 4)))
        }
        return out
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
}
