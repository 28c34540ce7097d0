/// Code that must run inside every write's transaction: derived data (enterprise colours, grid cells, tile
/// invalidation) is kept in step with the features, or the write fails as a whole.
///
/// Observers run in phases, whatever the order they were registered in: `derive` observers change other
/// features because of a change (an enterprise recoloured by its risk) and record those changes in the write's
/// change set (`WriteTransaction.recordDerived`); `index` observers then update indexes of every change,
/// derived ones included (the risk grid); `invalidate` observers drop what the changes made stale (cached
/// tiles). What must follow a write once it has committed is a `Follower`.
public protocol WriteObserver: Sendable {
    var phase: WritePhase { get }
    /// One feature was inserted (`before` nil), updated, or deleted (`after` nil).
    func didChange(layer: LayerSchema, before: Feature?, after: Feature?, in tx: WriteTransaction) throws
    /// Many features were inserted at once; their ids are `ids`.
    func didBulkInsert(layer: LayerSchema, ids: ClosedRange<Int64>, in tx: WriteTransaction) throws
}

extension WriteObserver {
    public var phase: WritePhase { .index }
}

/// When in a write an observer runs (see `WriteObserver`).
public enum WritePhase: Int, Sendable, Comparable {
    case derive, index, invalidate

    public static func < (a: WritePhase, b: WritePhase) -> Bool { a.rawValue < b.rawValue }
}

/// One feature's change in a write: inserted (`before` nil), updated, or deleted (`after` nil).
public struct Change: Sendable {
    public let layer: LayerSchema
    public let before: Feature?
    public let after: Feature?
    /// Made by a `derive` observer because of another change, not asked for by the writer. A derived change may
    /// carry only the feature's id, geometry and the fields the observer changed (a bulk load recolours every
    /// enterprise it touches, and full copies of them all would double the load's memory); read the feature by
    /// id for the rest.
    public let derived: Bool

    public var id: Int64? { after?.id ?? before?.id }
}

/// Everything one committed write changed: each feature's change, derived ones included, and the id
/// ranges of bulk inserts (whose features are not listed one by one).
public struct ChangeSet: Sendable {
    public internal(set) var changes: [Change] = []
    public internal(set) var bulkInserts: [(layer: LayerSchema, ids: ClosedRange<Int64>)] = []
}

/// In-memory state that follows the committed data (tile sources; next, the road graph, the nearby index and
/// the alert rules): it builds itself with the writer held (`Store.withWriterSnapshot`), so no commit falls
/// between its read and its going live, and then gets each write's change set right after the commit, before
/// the next write can begin, with the writer's connection (which then reads exactly the committed state).
/// Keep `follow` quick: the next write waits for it. A rolled-back write is never followed.
public protocol Follower: Sendable {
    func follow(_ changes: ChangeSet, _ db: Connection)
}
