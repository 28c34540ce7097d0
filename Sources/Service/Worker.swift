import GeoKit
import Store

/// What one worker thread owns for its whole life: a read-only connection (with its statement cache) and
/// small caches keyed on the database's data version. Never shared with another thread.
final class Worker {
    let reader: Reader
    private var extents: (version: Int64, byLayer: [String: BBox?])?

    init(reader: Reader) {
        self.reader = reader
    }

    /// A layer's extent, recomputed only after the data changed.
    func extent(_ layer: LayerSchema) throws -> BBox? {
        let version = try reader.dataVersion()
        if extents?.version != version { extents = (version, [:]) }
        if let cached = extents?.byLayer[layer.name] { return cached }
        let e = try reader.extent(layer)
        extents?.byLayer[layer.name] = .some(e)
        return e
    }
}
