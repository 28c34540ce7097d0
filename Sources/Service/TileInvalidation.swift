import GeoKit
import Store

/// Drops the cached tiles a write makes stale, inside the write's transaction and again once it has
/// committed, so no client gets a tile older than an acknowledged write.
struct TileInvalidation: WriteObserver {
    let cache: TileCache

    func didChange(layer: LayerSchema, before: Feature?, after: Feature?, in tx: WriteTransaction) throws {
        var boxes = [before?.geometry?.bbox, after?.geometry?.bbox].compactMap { $0 }
        // A risk recolours its enterprise: the enterprise's tiles change too.
        if layer.name == Catalog.risks.name {
            for id in Set([before?["source_id"].intValue, after?["source_id"].intValue].compactMap { $0 }) {
                if let g = try? tx.feature(id, in: Catalog.riskSources).geometry { boxes.append(g.bbox) }
            }
        }
        invalidate(boxes, tx)
    }

    func didBulkInsert(layer: LayerSchema, ids: ClosedRange<Int64>, in tx: WriteTransaction) throws {
        let s = try tx.connection.cached("SELECT min(xmin), min(ymin), max(xmax), max(ymax) FROM idx_\(layer.name)_geom WHERE pkid BETWEEN ? AND ?")
        try s.bind([.integer(ids.lowerBound), .integer(ids.upperBound)])
        defer { s.reset() }
        guard try s.step(), !s.isNull(0) else { return }
        var box = BBox(minX: s.double(0), minY: s.double(1), maxX: s.double(2), maxY: s.double(3))
        if layer.name == Catalog.risks.name { box = BBox(minX: -180, minY: -90, maxX: 180, maxY: 90) }
        invalidate([box], tx)
    }

    private func invalidate(_ boxes: [BBox], _ tx: WriteTransaction) {
        guard !boxes.isEmpty else { return }
        cache.invalidate(boxes)
        tx.afterCommit { [cache] in cache.invalidate(boxes) }
    }
}
