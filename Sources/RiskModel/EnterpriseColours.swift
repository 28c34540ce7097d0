import Store

/// Keeps every risk source's `colour` and `risk_count` in step with its risks, inside the write that
/// changed them.
public struct EnterpriseColours: WriteObserver {
    public let rules: ColourRules

    public init(rules: ColourRules = .standard) {
        self.rules = rules
    }

    public func didChange(layer: LayerSchema, before: Feature?, after: Feature?, in tx: WriteTransaction) throws {
        switch layer.name {
        case Catalog.risks.name:
            let sources = Set([before?["source_id"].intValue, after?["source_id"].intValue].compactMap { $0 })
            for id in sources.sorted() { try refresh(sourceID: id, tx.connection) }
        case Catalog.riskSources.name:
            if let id = after?.id { try refresh(sourceID: id, tx.connection) }
        default:
            break
        }
    }

    public func didBulkInsert(layer: LayerSchema, ids: ClosedRange<Int64>, in tx: WriteTransaction) throws {
        switch layer.name {
        case Catalog.risks.name:
            let s = try tx.connection.cached("SELECT DISTINCT source_id FROM risks WHERE fid BETWEEN ? AND ? ORDER BY 1")
            try s.bind([.integer(ids.lowerBound), .integer(ids.upperBound)])
            var sources: [Int64] = []
            while try s.step() { sources.append(s.int64(0)) }
            for id in sources { try refresh(sourceID: id, tx.connection) }
        case Catalog.riskSources.name:
            for id in ids { try refresh(sourceID: id, tx.connection) }
        default:
            break
        }
    }

    /// Recomputes every source (after a change of rules).
    public func refreshAll(_ db: Connection) throws {
        let s = try db.prepare("SELECT fid FROM risk_sources ORDER BY fid")
        var ids: [Int64] = []
        while try s.step() { ids.append(s.int64(0)) }
        for id in ids { try refresh(sourceID: id, db) }
    }

    /// Recomputes one source from its stored risks, grade and score.
    public func refresh(sourceID: Int64, _ db: Connection) throws {
        let s = try db.cached("""
            SELECT s.hazard_grade, s.safety_score, count(r.fid),
                   min(CASE r.level WHEN 'major' THEN 0 WHEN 'significant' THEN 1 WHEN 'general' THEN 2 WHEN 'low' THEN 3 END)
            FROM risk_sources s LEFT JOIN risks r ON r.source_id = s.fid WHERE s.fid = ? GROUP BY s.fid
            """)
        try s.bind(.integer(sourceID), at: 1)
        guard try s.step() else { return }
        let colour = rules.colour(worstLevel: s.isNull(3) ? nil : RiskLevel(rank: Int(s.int64(3))),
                                  hazardGrade: s.isNull(0) ? nil : Int(s.int64(0)),
                                  safetyScore: s.isNull(1) ? nil : Int(s.int64(1)))
        let count = s.int64(2)
        s.reset()
        try db.cached("UPDATE risk_sources SET colour = ?, risk_count = ? WHERE fid = ?")
            .run([.text(colour.rawValue), .integer(count), .integer(sourceID)])
    }
}
