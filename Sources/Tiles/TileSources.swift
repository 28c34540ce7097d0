import GeoKit
import Store
import Synchronization
import VectorTiles

/// The in-memory sources tiles are drawn from (see `LayerSource`), one per layer, kept in step with the
/// database: built from it on first use (or by `warm`) with the store's writer held, and then changed by every
/// commit's change set before the next write can begin (a `Follower`), so they never lag behind or run ahead
/// of the committed data. Writes made by another process cannot be followed feature by feature: `dropAll` then
/// forgets every source and the next tile rebuilds what it needs.
public final class TileSources: Follower {
    let store: Store

    /// A source with what its writer needs besides: the interned values' index, and each feature's cell; and the
    /// source's window edges beside it, all a cache hit reads (`builtPeriod`). A class, changed in place under the
    /// lock: a hit's look at a struct held in the dictionary copied it, a retain and a release for each of its
    /// arrays. Sendable as its lock makes it: only read or changed under `entries`.
    private final class Entry: @unchecked Sendable {
        var source: LayerSource
        var interner: ValueInterner
        var cellOf: [Int64: UInt64]
        /// Set again once a refresh has changed the source (not on each change: the shared array would be copied).
        var edges: [Int64]

        init(source: LayerSource, interner: ValueInterner, cellOf: [Int64: UInt64]) {
            (self.source, self.interner, self.cellOf, edges) = (source, interner, cellOf, source.windowEdges)
        }
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init(store: Store) {
        self.store = store
    }

    /// Builds the sources of a comma-separated list of layers now, rather than on the first tile that needs
    /// them; returns how many features they hold.
    @discardableResult
    public func warm(layerList: String) throws -> Int {
        try snapshot(try TileLayer.layers(layerList)).reduce(0) { $0 + ($1?.count ?? 0) }
    }

    /// The current sources of `layers`, in order (nil for the grid), if every one is built; nil otherwise.
    /// Never reads the database: for answers from memory.
    public func builtSnapshot(_ layers: [TileLayer]) -> [LayerSource?]? {
        entries.withLock { e in
            var out: [LayerSource?] = []
            out.reserveCapacity(layers.count)
            for layer in layers {
                guard layer.source != nil else {
                    out.append(nil)
                    continue
                }
                guard let entry = e[layer.name] else { return nil }
                out.append(entry.source)
            }
            return out
        }
    }

    /// The stretch of time holding `at` across `sources` (the latest of their `LayerSource.period(at:)`): part
    /// of a tile's cache key, so a tile is drawn anew when a feature's window opens or closes.
    public static func period(of sources: [LayerSource?], at: Int64) -> Int64? {
        var period: Int64?
        for case let source? in sources { if let p = source.period(at: at), p > period ?? .min { period = p } }
        return period
    }

    /// `period(of:at:)` of `layers`' current sources if every one is built, without taking them (a cache hit
    /// needs only its key); `built` is false otherwise. Never reads the database.
    public func builtPeriod(_ layers: [TileLayer], at: Int64) -> (built: Bool, period: Int64?) {
        entries.withLock { e in
            var period: Int64?
            for layer in layers where layer.source != nil {
                guard let entry = e[layer.name] else { return (false, nil) }
                if layer.windowed, let p = LayerSource.period(in: entry.edges, at: at), p > period ?? .min { period = p }
            }
            return (true, period)
        }
    }

    /// The current sources of `layers`, in order (nil for the grid, which has none), built first if needed.
    /// They stay consistent with each other: no commit is applied to some and not others.
    public func snapshot(_ layers: [TileLayer]) throws -> [LayerSource?] {
        while true {
            let found = entries.withLock { e in layers.map { $0.source == nil ? nil : e[$0.name]?.source } }
            // Every tile, cached or not, takes a snapshot (its key needs the layers' window edges): the common
            // case allocates nothing more.
            guard zip(layers, found).contains(where: { $0.0.source != nil && $0.1 == nil }) else { return found }
            let missing = zip(layers, found).filter { $0.0.source != nil && $0.1 == nil }.map(\.0)
            // Built with the writer held: no commit can fall between the read and the source going live.
            try store.withWriterSnapshot { db in
                for layer in missing where entries.withLock({ $0[layer.name] == nil }) {
                    let entry = try Self.build(layer, db)
                    entries.withLock { $0[layer.name] = entry }
                }
            }
        }
    }

    private static func build(_ layer: TileLayer, _ db: Connection) throws -> Entry {
        let loader = SourceLoader(layer, table: layer.source!)
        var interner = ValueInterner()
        var source = LayerSource(keys: loader.fields.map(\.name), values: ValueTable())
        var cellOf: [Int64: UInt64] = [:]
        // In batches: the source files each batch's new cells into its sorted lists at once, and a batch
        // bounds the features held twice (here and in their cells).
        var batch: [SourceFeature] = []
        func flush() {
            for (f, key) in zip(batch, source.insert(batch)) { cellOf[f.fid] = key }
            batch.removeAll(keepingCapacity: true)
        }
        try loader.load(db, interner: &interner) { f in
            batch.append(f)
            if batch.count == 16_384 { flush() }
        }
        flush()
        source.values = interner.table
        return Entry(source: source, interner: interner, cellOf: cellOf)
    }

    /// Re-reads what a committed write changed (an enterprise its risks recoloured comes as a change of its own).
    public func follow(_ changes: ChangeSet, _ db: Connection) {
        var seen = Set<String>()
        for c in changes.changes {
            guard let layer = TileLayer.of(c.layer), let id = c.id, seen.insert("\(c.layer.name)/\(id)").inserted else { continue }
            refresh(layer, ids: [id], selection: .one(id), db)
        }
        for bulk in changes.bulkInserts {
            if let layer = TileLayer.of(bulk.layer) { refresh(layer, ids: [], selection: .range(bulk.ids), db) }
        }
    }

    /// Re-reads features of `layer` after a commit (`selection` selects them; `ids` are those that may have
    /// changed, deleted ones among them) on the writer's connection, and applies them. A source
    /// not built yet is left alone: it will be built from the committed data. If reading fails, the source
    /// is dropped and rebuilt on next use rather than left wrong.
    func refresh(_ layer: TileLayer, ids: [Int64], selection: IDSelection, _ db: Connection) {
        // The interner is moved out while values are added (as the only copy, it grows in place) and back in
        // with the features; only writes, serialised by the writer, ever touch it.
        guard var interner = entries.withLock({ e -> ValueInterner? in
            defer { e[layer.name]?.interner = ValueInterner() }
            return e[layer.name]?.interner
        }) else { return }
        let loader = SourceLoader(layer, table: layer.source!)
        var found: [SourceFeature] = []
        do {
            try loader.load(db, ids: selection, interner: &interner) { found.append($0) }
        } catch {
            entries.withLock { $0[layer.name] = nil }
            return
        }
        entries.withLock { e in
            guard let entry = e[layer.name] else { return }
            for id in ids { if let key = entry.cellOf.removeValue(forKey: id) { entry.source.remove(id, from: key) } }
            for f in found {
                if let key = entry.cellOf.removeValue(forKey: f.fid) { entry.source.remove(f.fid, from: key) }
            }
            for (f, key) in zip(found, entry.source.insert(found)) { entry.cellOf[f.fid] = key }
            entry.interner = interner
            entry.source.values = interner.table
            entry.edges = entry.source.windowEdges
        }
    }

    /// Features held by the sources built so far.
    public var featureCount: Int {
        entries.withLock { $0.values.reduce(0) { $0 + $1.source.count } }
    }

    /// Forgets every source (another process wrote to the database).
    func dropAll() {
        entries.withLock { $0.removeAll() }
    }
}
