import RiskGrid
import Store

extension Store {
    /// Keeps a tile cache and tile sources in step with this store's writes. The grid observer comes first, then
    /// the tiles: the invalidation collects the grid areas changed by the same write. The store must not already
    /// run a GridObserver: this one reports its changes to the cache.
    public func observeTiles(cache: TileCache, sources: TileSources) {
        let invalidation = TileInvalidation(cache: cache)
        observe(GridObserver(sink: invalidation.gridSink))
        observe(invalidation)
        follow(sources)
    }
}
