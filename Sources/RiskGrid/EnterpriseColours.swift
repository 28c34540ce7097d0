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
            let current = try self.current(tx.connection)
            for id in try tx.connection.riskSourceIDs(ofRisks: ids) { try current.refresh(sourceID: id, tx.connection) }
        case Catalog.riskSources.name:
            let current = try self.current(tx.connection)
            for id in ids { try current.refresh(sourceID: id, tx.connection) }
        default:
            break
        }
    }

    /// Recomputes every source (after a change of rules).
    public func refreshAll(_ db: Connection) throws {
        for id in try db.riskSourceIDs() { try refresh(sourceID: id, db) }
    }

    /// Recomputes one source from its stored risks, grade and score.
    public func refresh(sourceID: Int64, _ db: Connection) throws {
        guard let s = try db.standing(ofRiskSource: sourceID) else { return }
        let colour = rules.colour(worstLevel: s.worstLevel.flatMap(RiskLevel.init(rawValue:)), hazardGrade: s.hazardGrade, safetyScore: s.safetyScore)
        try db.setColour(ofRiskSource: sourceID, to: colour.rawValue, riskCount: s.riskCount)
    }
}
