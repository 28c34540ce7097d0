import GeoKit
import Synchronization

/// Each layer's spatial extent (the union of its spatial index's boxes) and temporal extent (earliest window
/// start, latest window end), as /collections shows them, kept current by every write (a `Follower`) instead
/// of being read again per request: a change that can only grow them grows them; one that may shrink them (a
/// feature on an edge moved or deleted, a bulk insert) has the layer read again on next use. Dropped whole
/// when another process commits (`ExternalCommits`).
public final class LayerExtents: Follower {
    /// A layer's extents as its index and table have them; `temporal` nil for layers without a window.
    public struct Extents: Sendable {
        public var spatial: BBox?
        public var temporal: (from: String?, to: String?)?
    }

    private struct State {
        var byLayer: [String: Extents] = [:]
        /// The generation at which each layer last changed: extents read from an older snapshot are not kept.
        var changedAt: [String: UInt64] = [:]
    }

    private let external: ExternalCommits
    private let state = Mutex(State())
    private let changes = Atomic<UInt64>(0)

    public init(store: Store) {
        external = ExternalCommits(store: store)
    }

    /// Moves with every write (this process's or another's) that may have changed an extent.
    public var generation: UInt64 {
        if external.changedSinceLastLook() {
            let g = changes.add(1, ordering: .releasing).newValue
            state.withLock { s in
                s.byLayer.removeAll()
                for layer in Catalog.layers { s.changedAt[layer.name] = g }
            }
        }
        return changes.load(ordering: .acquiring)
    }

    /// `layer`'s extents, read with `reader` when not held; `seen` is `generation` as read before the
    /// reader's snapshot began.
    public func extents(of layer: LayerSchema, reader: Reader, seen: UInt64) throws -> Extents {
        if let e = state.withLock({ $0.byLayer[layer.name] }) { return e }
        let temporal = try reader.temporalExtent(layer).map { (from: $0.0, to: $0.1) }
        let e = Extents(spatial: try reader.extent(layer), temporal: temporal)
        state.withLock { s in
            if (s.changedAt[layer.name] ?? 0) <= seen { s.byLayer[layer.name] = e }
        }
        return e
    }

    public func follow(_ changeSet: ChangeSet, _ db: Connection) {
        let g = changes.add(1, ordering: .releasing).newValue
        state.withLock { s in
            for c in changeSet.changes {
                s.changedAt[c.layer.name] = g
                guard var e = s.byLayer[c.layer.name] else { continue }
                if let before = c.before, Self.mayShrink(e, before, c.layer) {
                    s.byLayer[c.layer.name] = nil
                    continue
                }
                if let after = c.after {
                    if after.geometry != nil, let id = after.id {
                        guard let box = try? db.indexedBox(of: c.layer, id: id) else {
                            s.byLayer[c.layer.name] = nil
                            continue
                        }
                        e.spatial = e.spatial.map { var b = $0; b.extend(box); return b } ?? box
                    }
                    if let w = c.layer.timeWindow, let t = e.temporal {
                        e.temporal = (Self.earlier(t.from, after[w.from].textValue), Self.later(t.to, after[w.to].textValue))
                    }
                }
                s.byLayer[c.layer.name] = e
            }
            for bulk in changeSet.bulkInserts {
                s.changedAt[bulk.layer.name] = g
                s.byLayer[bulk.layer.name] = nil
            }
        }
    }

    /// Whether taking `before` away may shrink an extent: its box is within a float's rounding of an edge
    /// (the index holds 32-bit boxes rounded outwards), or a window end equals the extent's.
    private static func mayShrink(_ e: Extents, _ before: Feature, _ layer: LayerSchema) -> Bool {
        if let box = before.geometry?.bbox, !box.isEmpty, let x = e.spatial {
            let margin = 1e-4
            if box.minX - margin <= x.minX || box.minY - margin <= x.minY || box.maxX + margin >= x.maxX || box.maxY + margin >= x.maxY { return true }
        }
        if let w = layer.timeWindow, let t = e.temporal {
            if let from = before[w.from].textValue, from == t.from { return true }
            if let to = before[w.to].textValue, to == t.to { return true }
        }
        return false
    }

    private static func earlier(_ a: String?, _ b: String?) -> String? {
        guard let a, let b else { return a ?? b }
        return min(a, b)
    }

    private static func later(_ a: String?, _ b: String?) -> String? {
        guard let a, let b else { return a ?? b }
        return max(a, b)
    }
}

extension Connection {
    /// A feature's box in the layer's spatial index (32-bit, rounded outwards); nil when it has none.
    func indexedBox(of layer: LayerSchema, id: Int64) throws -> BBox? {
        let s = try cached("SELECT xmin, ymin, xmax, ymax FROM \(SpatialIndex.table(layer)) WHERE pkid = ?")
        try s.bind(.integer(id), at: 1)
        defer { s.reset() }
        guard try s.step() else { return nil }
        return BBox(minX: s.double(0), minY: s.double(1), maxX: s.double(2), maxY: s.double(3))
    }
}
