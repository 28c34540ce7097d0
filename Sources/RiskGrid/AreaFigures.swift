import GeoKit
import RiskModel
import Store
import Synchronization

/// The area summaries' figures, held in memory and kept current by every write (a `Follower`) instead of
/// being counted again per request: for each area, its enterprises by colour, its permanent risks by level
/// and permanent sites, and its pipeline length. Temporary risks and sites (with a time window) are kept
/// apart and counted per request for the instant asked; they are few. Each area's hottest cells are kept per
/// stretch of time between window edges (`GridQuery.period`) and dropped for the areas a write's grid items
/// reach.
///
/// Built on first use with the store's writer held, so no commit falls between the read and the state
/// going live; built again after a change of the areas themselves, or when another process has committed
/// (`ExternalCommits`), which cannot be followed change by change.
public final class AreaFigures: Follower {
    let store: Store
    private let external: ExternalCommits
    private let state = Mutex<State?>(nil)
    /// Moves whenever what a summary shows may have changed: caches of whole answers key on it.
    private let changes = Atomic<UInt64>(0)

    public init(store: Store) {
        self.store = store
        external = ExternalCommits(store: store)
    }

    /// Changes whenever a write (this process's or another's) may have changed a summary.
    public var generation: UInt64 {
        dropIfWrittenElsewhere()
        return changes.load(ordering: .acquiring)
    }

    /// Builds the figures now rather than on the first summary asked.
    public func warm() throws {
        try withState { _ in }
    }

    /// The summary of area `id` at `at` (epoch seconds) with its `hottest` hottest cells; the cells are read
    /// in one snapshot of `reader` with the grid `grid` gives (called inside that snapshot).
    public func summary(areaID id: Int64, at: Int64, hottest: Int, reader: Reader, grid: () throws -> GridQuery) throws -> AreaSummary {
        try summaries(of: { _ in [id] }, at: at, hottest: hottest, reader: reader, grid: grid)[0]
    }

    /// The summaries of every area of a level ("district", "town", …), in id order.
    public func summaries(level: String, at: Int64, hottest: Int, reader: Reader, grid: () throws -> GridQuery) throws -> [AreaSummary] {
        try summaries(of: { $0.byLevel[level] ?? [] }, at: at, hottest: hottest, reader: reader, grid: grid)
    }

    private func summaries(of select: (State) -> [Int64], at: Int64, hottest: Int, reader: Reader,
                           grid: () throws -> GridQuery) throws -> [AreaSummary] {
        // Read before the snapshot begins: cells read from it are at least as new as this generation.
        let seen = generation
        let instant = Timestamp.format(epochSeconds: at)
        let (areas, counted) = try withState { s in
            let ids = select(s)
            for id in ids where s.areas[id] == nil { throw GridError.notFound("areas feature \(id) does not exist") }
            return (ids.map { s.areas[$0]! }, ids.map { Self.counts(s, $0, instant) })
        }
        return try reader.snapshot { _ in
            let g = try grid()
            let period = try g.period(at: at)
            return try zip(areas, counted).map { area, c in
                let cells = try hottestCells(area, count: hottest, period: period, at: at, seen: seen, grid: g)
                return AreaSummary(id: area.id, name: area.name, level: area.level, enterprisesByColour: c.colours, risksByLevel: c.levels,
                                   pipelineKm: c.km, sites: c.sites, hottestCells: cells.cells, cellsByClass: cells.classes)
            }
        }
    }

    private static func counts(_ s: State, _ id: Int64, _ instant: String)
        -> (colours: [RiskColour: Int], levels: [RiskLevel: Int], km: Double, sites: Int) {
        var colours: [RiskColour: Int] = [:]
        for (c, n) in s.enterprises.counts(in: id, at: instant) { if let c = RiskColour(rawValue: c) { colours[c] = n } }
        var levels: [RiskLevel: Int] = [:]
        for (l, n) in s.risks.counts(in: id, at: instant) { if let l = RiskLevel(rawValue: l) { levels[l] = n } }
        return (colours, levels, s.pipelines.km[id] ?? 0, s.sites.counts(in: id, at: instant).values.reduce(0, +))
    }

    private func hottestCells(_ area: Connection.Area, count: Int, period: String, at: Int64, seen: UInt64,
                              grid: GridQuery) throws -> (cells: [GridQuery.Cell], classes: CellClassCount) {
        if let h = state.withLock({ $0?.hottest[area.id] }), h.period == period, h.count >= count {
            return (Array(h.cells.prefix(count)), h.classes)
        }
        let found = try grid.hottest(in: area.shape, count: count, at: at)
        state.withLock { s in
            guard s?.keepsHottest(of: area.id, readAt: seen) == true else { return }
            s!.hottest[area.id] = Hottest(period: period, count: count, cells: found.cells, classes: found.classes)
        }
        return found
    }

    private func withState<T>(_ body: (State) throws -> T) throws -> T {
        dropIfWrittenElsewhere()
        if let s = state.withLock({ $0 }) { return try body(s) }
        try store.withWriterSnapshot { db in
            if state.withLock({ $0 == nil }) {
                let built = try State(db, generation: changes.load(ordering: .acquiring))
                state.withLock { $0 = built }
            }
        }
        return try withState(body)
    }

    private func dropIfWrittenElsewhere() {
        guard external.changedSinceLastLook() else { return }
        state.withLock { $0 = nil }
        changes.add(1, ordering: .releasing)
    }

    /// Applies a committed write: the changed features of the counted layers are read again; the hottest
    /// cells of the areas a grid item's reach (before or after) meets are dropped. If reading fails, the
    /// figures are dropped and built again on next use rather than left wrong.
    public func follow(_ changeSet: ChangeSet, _ db: Connection) {
        let generation = changes.add(1, ordering: .releasing).newValue
        state.withLock { s in
            guard s != nil else { return }
            do {
                var config: RiskModelConfig?
                for c in changeSet.changes {
                    guard let id = c.id, try s!.apply(c.layer, .one(id), db) else { s = nil; return }
                    guard GridItemLoader.layers.contains(where: { $0.name == c.layer.name }) else { continue }
                    if config == nil { config = try GridStore.meta(db)?.config ?? .standard }
                    for f in [c.before, c.after].compactMap({ $0 }) {
                        if let item = GridItem.of(f, layer: c.layer.name, config: config!) {
                            s!.dropHottest(meeting: GridObserver.reach(of: item), generation: generation)
                        }
                    }
                }
                for bulk in changeSet.bulkInserts {
                    guard try s!.apply(bulk.layer, .range(bulk.ids), db) else { s = nil; return }
                    if GridItemLoader.layers.contains(where: { $0.name == bulk.layer.name }) { s!.dropHottest(meeting: nil, generation: generation) }
                }
            } catch {
                s = nil
            }
        }
    }
}
