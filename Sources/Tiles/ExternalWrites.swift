import GeoKit
import Store
import Synchronization
import Monotonic

/// Notices writes made by another process (a `riskmap import` or `grid rebuild` while the server runs) and
/// drops every cached tile and tile source then: this server's own writes invalidate precisely, but others'
/// it cannot see.
/// Checked at most once a second, on tile requests, without waiting for a busy writer.
public final class ExternalWrites: Sendable {
    let cache: TileCache
    let sources: TileSources
    private let lastCheck = Atomic<Int64>(0)
    /// Made now, before any tile source is built: a commit by another process after this is noticed even if
    /// no tile is asked before it.
    private let commits: ExternalCommits

    public init(store: Store, cache: TileCache, sources: TileSources) {
        self.cache = cache
        self.sources = sources
        commits = ExternalCommits(store: store)
    }

    /// Never waits: a writer busy with a write is not asked (its commit is this process's own), and the version
    /// is read from memory SQLite keeps (PRAGMA data_version), so the I/O thread may call it too.
    public func check() {
        let now = Int64(MonotonicClock.nanoseconds() / 1_000_000)
        let last = lastCheck.load(ordering: .relaxed)
        guard now - last >= 1000, lastCheck.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged,
              commits.changedSinceLastLook() else { return }
        sources.dropAll()
        cache.invalidate([BBox(minX: -180, minY: -90, maxX: 180, maxY: 90)])
    }
}
