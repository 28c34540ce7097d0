import GeoKit
import RiskGrid
import RiskModel
import Store

/// What one worker thread owns for its whole life: a read-only connection (with its statement cache) and
/// small caches keyed on the database's data version. Never shared with another thread.
final class Worker {
    let reader: Reader
    private var extents: (version: Int64, byLayer: [String: BBox?])?

    private var gridQuery: GridQuery?

    init(reader: Reader) {
        self.reader = reader
    }

    /// The worker's grid reader, made anew after a rebuild changed the grid; `GridError.notBuilt` before one.
    func grid() throws -> GridQuery {
        if let g = gridQuery, try g.isCurrent() { return g }
        gridQuery = try GridQuery(reader: reader)
        return gridQuery!
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
