import RiskModel
import Store

/// Keeps every risk source's `colour` and `risk_count` in step with its risks, inside the write that
/// changed them. The rules are the built grid's (`grid_meta`), read in the write's own transaction, so a
/// `riskmap grid rebuild --config` with new rules counts from the next write of a server already running;
/// `rules` apply while no grid has been built. It derives: an enterprise whose colour or risk count changes
/// is recorded in the write's change set, so the grid, tile invalidation and followers see it as a change.
public struct EnterpriseColours: WriteObserver {
    public let rules: ColourRules
    public var phase: WritePhase { .derive }

    public init(rules: ColourRules = .standard) {
        self.rules = rules
    }

    public func didChange(layer: LayerSchema, before: Feature?, after: Feature?, in tx: WriteTransaction) throws {
        switch layer.name {
        case Catalog.risks.name:
            let sources = Set([before?["source_id"].intValue, after?["source_id"].intValue].compactMap { $0 })
            let current = try self.current(tx.connection)
            for id in sources.sorted() { try current.refresh(sourceID: id, recordingIn: tx) }
        case Catalog.riskSources.name:
            if let id = after?.id { try current(tx.connection).refresh(sourceID: id, recordingIn: tx) }
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
            for (source, standing) in try tx.connection.standings(ofSourcesOfRisks: ids) {
                try current.store(standing, of: source, recordingIn: tx)
            }
        case Catalog.riskSources.name:
            // New sources: the bulk insert's own range covers them, so nothing is recorded.
            let current = try self.current(tx.connection)
            for id in ids { try current.refresh(sourceID: id, tx.connection) }
        default:
            break
        }
    }

    /// `refresh`, recording the source's change in `tx`'s change set when its colour or risk count moved.
    private func refresh(sourceID id: Int64, recordingIn tx: WriteTransaction) throws {
        guard let before = try? tx.feature(id, in: Catalog.riskSources) else {
            try refresh(sourceID: id, tx.connection)
            return
        }
        guard let s = try tx.connection.standing(ofRiskSource: id) else { return }
        try store(s, of: before, recordingIn: tx)
    }

    /// Stores the colour and risk count of `source` (as stored now) from its standing when either moved, and
    /// records the change in `tx`'s change set.
    private func store(_ s: RiskSourceStanding, of source: Feature, recordingIn tx: WriteTransaction) throws {
        guard let id = source.id else { return }
        let colour = self.colour(s).rawValue
        guard source["colour"] != .text(colour) || source["risk_count"] != .integer(Int64(s.riskCount)) else { return }
        try tx.connection.setColour(ofRiskSource: id, to: colour, riskCount: s.riskCount)
        var after = source
        after["colour"] = .text(colour)
        after["risk_count"] = .integer(Int64(s.riskCount))
        try tx.recordDerived(layer: Catalog.riskSources, before: source, after: after)
    }

    private func colour(_ s: RiskSourceStanding) -> RiskColour {
        rules.colour(worstLevel: s.worstLevel.flatMap(RiskLevel.init(rawValue:)), hazardGrade: s.hazardGrade, safetyScore: s.safetyScore)
    }

    /// Recomputes every source (after a change of rules).
    public func refreshAll(_ db: Connection) throws {
        for id in try db.riskSourceIDs() { try refresh(sourceID: id, db) }
    }

    /// Recomputes one source from its stored risks, grade and score; returns what it stored (nil when there
    /// is no such source).
    @discardableResult
    public func refresh(sourceID: Int64, _ db: Connection) throws -> (colour: String, riskCount: Int)? {
        guard let s = try db.standing(ofRiskSource: sourceID) else { return nil }
        let colour = colour(s)
        try db.setColour(ofRiskSource: sourceID, to: colour.rawValue, riskCount: s.riskCount)
        return (colour.rawValue, s.riskCount)
    }
}
