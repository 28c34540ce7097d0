import GeoKit
import Store
import VectorTiles

/// Draws one tile from the database: for each layer, the features whose boxes meet the tile grown by the
/// buffer (R*Tree), projected, clipped, simplified for the zoom, encoded with the severity budget.
struct TileRenderer {
    static let buffer = 64
    static let budget = TileBudget(maxBytes: 500_000, maxFeatures: 200_000)

    static func render(_ layers: [TileLayer], tile: TileID, reader: Reader, budget: TileBudget = budget) throws -> EncodedTile {
        let transform = TileTransform(tile: tile)
        // The lon/lat box of the tile grown by the buffer, to select candidates.
        let grow = Double(buffer) / Double(transform.extent)
        let b = tile.bbox
        let dx = b.width * grow, dy = b.height * grow
        let query = BBox(minX: b.minX - dx, minY: max(-90, b.minY - dy), maxX: b.maxX + dx, maxY: min(90, b.maxY + dy))
        let tolerance = Simplify.tolerance(zoom: tile.z)
        var builder = TileBuilder()
        for layer in layers {
            builder.addLayer(layer.name)
            guard (layer.minZoom...layer.maxZoom).contains(tile.z) else { continue }
            let fields = layer.attributes.compactMap { layer.source.field($0) }
            var sql = "SELECT fid, \(layer.prioritySQL), " + fields.map { "\"\($0.name)\"" }.joined(separator: ", ")
                + ", geom FROM \(layer.source.name) WHERE fid IN (\(Reader.rtreeFilter(layer.source)))"
            if let extra = layer.zoomFilter?(tile.z) { sql += " AND " + extra }
            let s = try reader.connection.cached(sql)
            try s.bind([.real(query.minX), .real(query.minY), .real(query.maxX), .real(query.maxY)])
            let geomColumn = Int32(fields.count + 2)
            while try s.step() {
                let geometry = try s.withBlob(geomColumn) { try SpatiaLiteBlob.decode($0).geometry }
                guard let g = transform.tileGeometry(geometry, buffer: buffer, tolerance: tolerance) else { continue }
                var properties: [(key: String, value: PropertyValue)] = []
                properties.reserveCapacity(fields.count)
                for (i, f) in fields.enumerated() {
                    switch s.value(Int32(i + 2)) {
                    case .null: continue
                    case .integer(let v): properties.append((f.name, f.kind == .boolean ? .bool(v != 0) : .int(v)))
                    case .real(let v): properties.append((f.name, .double(v)))
                    case .text(let t): properties.append((f.name, .string(t)))
                    }
                }
                _ = builder.add(TileFeature(id: UInt64(s.int64(0)), geometry: g, properties: properties, priority: Int(s.int64(1))), to: layer.name)
            }
        }
        return builder.build(budget: budget)
    }
}
