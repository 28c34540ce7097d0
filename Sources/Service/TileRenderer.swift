import GeoKit
import RiskModel
import Store
import VectorTiles

/// Draws one tile from the database: for each layer, the features whose boxes meet the tile grown by the
/// buffer (R*Tree), projected, clipped, simplified for the zoom, encoded with the severity budget.
public struct TileRenderer {
    static let buffer = 64
    /// The severity budget every served tile is drawn with.
    public static let budget = TileBudget(maxBytes: 500_000, maxFeatures: 200_000)

    /// The lon/lat box of the tile grown by the buffer: the candidates a tile is drawn from, and what a change
    /// must meet to make it stale. Grown in Mercator metres and then unprojected, because a buffer grown in
    /// degrees is short on the side towards the equator (Mercator stretches with latitude).
    static func area(_ tile: TileID) -> BBox {
        let m = tile.mercatorBBox
        let pad = m.width * Double(buffer) / 4096
        let sw = WebMercator.unproject(Coordinate(m.minX - pad, m.minY - pad))
        let ne = WebMercator.unproject(Coordinate(m.maxX + pad, m.maxY + pad))
        return BBox(minX: sw.x, minY: sw.y, maxX: ne.x, maxY: ne.y)
    }

    /// The layers of a comma-separated list (`risks,sites,pipelines`) drawn into one tile, as the server
    /// draws it on a cache miss; for tools outside the service, such as the benchmarks.
    public static func render(layerList: String, tile: TileID, reader: Reader, budget: TileBudget = budget) throws -> EncodedTile {
        try reader.snapshot { r in try render(try API.tileLayers(layerList), tile: tile, reader: r, budget: budget) }
    }

    /// `grid` gives the grid layer's cells (nil when no grid is built: the layer is then empty); `at` is the
    /// instant the grid is drawn for (epoch seconds).
    static func render(_ layers: [TileLayer], tile: TileID, reader: Reader, grid: (() throws -> GridQuery)? = nil, at: Int64 = 0,
                       budget: TileBudget = budget) throws -> EncodedTile {
        let transform = TileTransform(tile: tile)
        let query = area(tile)
        let tolerance = Simplify.tolerance(zoom: tile.z)
        var builder = TileBuilder()
        for layer in layers {
            builder.addLayer(layer.name)
            guard (layer.minZoom...layer.maxZoom).contains(tile.z) else { continue }
            guard let source = layer.source else {
                if let grid { try addCells(try grid(), tile: tile, query: query, at: at, transform: transform, to: &builder) }
                continue
            }
            let fields = layer.attributes.compactMap { source.field($0) }
            var sql = "SELECT fid, \(layer.prioritySQL), " + fields.map { "\"\($0.name)\"" }.joined(separator: ", ")
                + ", geom FROM \(source.name) WHERE fid IN (\(Reader.rtreeFilter(source)))"
            if let extra = layer.zoomFilter?(tile.z) { sql += " AND " + extra }
            let s = try reader.connection.cached(sql)
            try s.bind([.real(query.minX), .real(query.minY), .real(query.maxX), .real(query.maxY)])
            let geomColumn = Int32(fields.count + 2)
            // Names and kinds looked up once per layer, not per feature; one property array reused.
            let names = fields.map(\.name)
            let booleans = fields.map { $0.kind == .boolean }
            var properties: [(key: String, value: PropertyValue)] = []
            properties.reserveCapacity(fields.count)
            while try s.step() {
                guard let g = try s.withBlob(geomColumn, { try transform.tileGeometry(blob: $0, buffer: buffer, tolerance: tolerance) })
                else { continue }
                properties.removeAll(keepingCapacity: true)
                for i in names.indices {
                    switch s.value(Int32(i + 2)) {
                    case .null: continue
                    case .integer(let v): properties.append((names[i], booleans[i] ? .bool(v != 0) : .int(v)))
                    case .real(let v): properties.append((names[i], .double(v)))
                    case .text(let t): properties.append((names[i], .string(t)))
                    }
                }
                builder.add(TileFeature(id: UInt64(s.int64(0)), geometry: g, properties: properties, priority: Int(s.int64(1))), to: layer.name)
            }
        }
        return builder.build(budget: budget)
    }

    /// Grid cells of the level that suits the zoom, as squares (their corners inverse-projected), most severe
    /// class first under the budget.
    private static func addCells(_ grid: GridQuery, tile: TileID, query: BBox, at: Int64, transform: TileTransform,
                                 to builder: inout TileBuilder) throws {
        let level = grid.level(forZoom: tile.z, latitude: tile.bbox.center.y)
        let cells = try grid.cells(in: query, level: level, at: at)
        let corners = try grid.corners(of: cells.map(\.key))
        for (n, c) in cells.enumerated() {
            let ring = [corners[n * 4], corners[n * 4 + 1], corners[n * 4 + 2], corners[n * 4 + 3], corners[n * 4]]
            guard let g = transform.tileGeometry(.polygon([ring]), buffer: buffer) else { continue }
            var properties: [(key: String, value: PropertyValue)] = [
                ("index", .double((c.combined * 1000).rounded() / 1000)), ("hazard", .double((c.sums.hazard * 1000).rounded() / 1000)),
                ("exposure", .double((c.sums.exposure * 1000).rounded() / 1000)),
                ("risks_major", .int(Int64(c.sums.located(.major)))), ("risks_significant", .int(Int64(c.sums.located(.significant)))),
                ("risks_general", .int(Int64(c.sums.located(.general)))), ("risks_low", .int(Int64(c.sums.located(.low)))),
                ("sites", .int(Int64(c.sums.siteCount))), ("level", .int(Int64(level))),
            ]
            if let colour = c.colour { properties.append(("class", .string(colour.rawValue))) }
            if let worst = c.sums.worstLevel { properties.append(("worst", .string(worst.rawValue))) }
            let priority = c.colour.map { 4 - $0.rank } ?? 0
            _ = builder.add(TileFeature(geometry: g, properties: properties, priority: priority), to: TileLayer.grid.name)
        }
    }
}
