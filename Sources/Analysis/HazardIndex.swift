import GeoKit
import RiskModel
import Store
import Synchronization

/// The hazard layers (risk sources, risks, pipelines, temporary reports, crowded sites) and the emergency
/// resources in memory, bucketed by position, kept current by every write (a `Follower`): nearby searches and
/// site checks never read the database. Built on first use with the store's writer held, so no commit falls
/// between the read and the index going live; built again when another process has committed
/// (`ExternalCommits`), which cannot be followed change by change.
public final class HazardIndex: Follower {
    let store: Store
    /// The risk model in the database (the grid's stored one, or the defaults), read at every build: a
    /// `riskmap grid rebuild --config` in another process is a commit the index notices and builds again after.
    let model: @Sendable (Connection) -> RiskModelConfig
    private let external: ExternalCommits
    private let state = Mutex<State?>(nil)

    /// The model gives the default impact radii by level, the counted report statuses and the pipeline
    /// coefficient.
    public init(store: Store, model: @escaping @Sendable (Connection) -> RiskModelConfig) {
        self.store = store
        self.model = model
        external = ExternalCommits(store: store)
    }

    /// An index under one fixed model.
    public convenience init(store: Store, config: RiskModelConfig = .standard) {
        self.init(store: store, model: { _ in config })
    }

    /// Builds the index now rather than on the first search; returns how many items it holds.
    @discardableResult
    public func warm() throws -> Int {
        try current().count
    }

    /// The state to search: held, or built now.
    func current() throws -> State {
        if external.changedSinceLastLook() { state.withLock { $0 = nil } }
        if let s = state.withLock({ $0 }) { return s }
        try store.withWriterSnapshot { db in
            guard state.withLock({ $0 == nil }) else { return }
            var s = State()
            s.config = model(db)
            for layer in HazardLayer.allCases { try s.reload(layer, .all, db, config: s.config) }
            state.withLock { $0 = s }
        }
        return try current()
    }

    /// Keeps pipelines' freshly computed stretches, unless a write has been followed since the copy of the state
    /// they were computed from.
    func keepHCAs(_ fresh: [Int64: HCAEntry], grades: HCAGrades, computedAt version: Int) {
        state.withLock { s in
            guard s != nil, s!.version == version else { return }
            if s!.hcaGrades != grades { s!.hca = [:]; s!.hcaGrades = grades }
            for (id, e) in fresh { s!.hca[id] = e }
        }
    }

    /// Applies a committed write: the changed features of the indexed layers are read again. If reading
    /// fails, the index is dropped and built again on next use rather than left wrong.
    public func follow(_ changeSet: ChangeSet, _ db: Connection) {
        state.withLock { s in
            guard s != nil else { return }
            do {
                for c in changeSet.changes {
                    guard let layer = HazardLayer(rawValue: c.layer.name), let id = c.id else { continue }
                    try s!.reload(layer, .one(id), db, config: s!.config)
                    s!.invalidateHCAs(layer, id: id, boxes: [c.before, c.after].compactMap { $0?.geometry?.bbox })
                }
                for bulk in changeSet.bulkInserts {
                    guard let layer = HazardLayer(rawValue: bulk.layer.name) else { continue }
                    try s!.reload(layer, .range(bulk.ids), db, config: s!.config)
                    s!.version += 1
                    if layer == .pipelines || layer == .sites { s!.hca = [:] }
                }
            } catch {
                s = nil
            }
        }
    }
}
