import GeoKit
import RiskGrid
import RiskModel
import Store
import Synchronization

/// Drops the cached tiles a write makes stale, inside the write's transaction and again once it has
/// committed, so no client gets a tile older than an acknowledged write. It hears of grid changes through
/// the grid's sink (a risk reaches cells far beyond its own point) and of feature changes as an observer;
/// it must be registered after the GridObserver so that one write's grid areas are in hand when it runs.
final class TileInvalidation: WriteObserver, Sendable {
    let cache: TileCache
    var phase: WritePhase { .invalidate }
    /// Grid areas changed by the write in progress (writes are serialised by the store's writer lock).
    private let gridAreas = Mutex<[BBox]>([])

    init(cache: TileCache) {
        self.cache = cache
    }

    /// Where the GridObserver reports the cells a write changed.
    var gridSink: GridChangeSink {
        GridChangeSink { [self] change in
            let area = change.area ?? BBox(minX: -180, minY: -90, maxX: 180, maxY: 90)
            cache.invalidate([area])
            gridAreas.withLock { $0.append(area) }
        }
    }

    func didChange(layer: LayerSchema, before: Feature?, after: Feature?, in tx: WriteTransaction) throws {
        // An enterprise recoloured by its risk comes as a change of its own (derived by EnterpriseColours).
        invalidate([before?.geometry?.bbox, after?.geometry?.bbox].compactMap { $0 }, tx)
    }

    func didBulkInsert(layer: LayerSchema, ids: ClosedRange<Int64>, in tx: WriteTransaction) throws {
        var boxes: [BBox] = []
        if let box = try tx.connection.indexedExtent(of: layer, ids: ids) {
            // The enterprises new risks recolour come as changes of their own (derived by EnterpriseColours).
            boxes.append(box)
        }
        invalidate(boxes, tx)
    }

    private func invalidate(_ boxes: [BBox], _ tx: WriteTransaction) {
        let all = boxes + gridAreas.withLock { areas in
            defer { areas.removeAll() }
            return areas
        }
        guard !all.isEmpty else { return }
        cache.invalidate(boxes)
        tx.afterCommit { [cache] in cache.invalidate(all) }
    }
}
