import RiskModel
import Store

/// Keeps every risk source's `colour` and `risk_count` in step with its risks, inside the write that
/// changed them. The rules are the built grid's (`grid_meta`), read in the write's own transaction, so a
/// `riskmap grid rebuild --config` with new rules counts from the next write of a server already running;
/// `rules` apply while no grid has been built.
public struct EnterpriseColours: WriteObserver {
    public let rules: ColourRules

    public init(rules: ColourRules = .standard) {
        self.rules = rules
    }

    public func didChange(layer: LayerSchema, before: Feature?, after: Feature?, in tx: WriteTransaction) throws {
        switch layer.name {
        case Catalog.risks.name:
            let sources = Set([before?["source_id"].intValue, after?["source_id"].intValue].compactMap { $0 })
            let current = try self.current(tx.connection)
            for id in sources.sorted() { try current.refresh(sourceID: id, tx.connection) }
        case Catalog.riskSources.name:
            if let id = after?.id { try current(tx.connection).refresh(sourceID: id, tx.connection) }
        default:
            break
        }
    }

    /// These colours with the rules in force in `db`.
    private func current(_ db: Connection) throws -> EnterpriseColours {
        EnterpriseColours(rules: try GridStore.meta(db)?.config.colourRules ?? rules)
    }

    public func didBulkInsert(layer: LayerSchema, ids: ClosedRange<Int64>, in tx: WriteTransaction) throws {
        switch layer.name {
        case Catalog.risks.name:
            let s = try tx.connection.cached("SELECT DISTINCT source_id FROM risks WHERE fid BETWEEN ? AND ? ORDER BY 1")
            try s.bind([.integer(ids.lowerBound), .integer(ids.upperBound)])
            var sources: [Int64] = []
            while try s.step() { sources.append(s.int64(0)) }
            let current = try self.current(tx.connection)
            for id in sources { try current.refresh(sourceID: id, tx.connection) }
        case Catalog.riskSources.name:
            let current = try self.current(tx.connection)
            for id in ids { try current.refresh(sourceID: id, tx.connection) }
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
