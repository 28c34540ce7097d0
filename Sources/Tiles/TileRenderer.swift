import GeoKit
import Glibc
import RiskGrid
import RiskModel
import Store
import VectorTiles

/// Draws one tile from the layers' in-memory sources: for each layer, the features whose boxes meet the tile
/// grown by the buffer, clipped, simplified for the zoom, encoded with the severity budget; grid cells from the
/// grid's store.
public struct TileRenderer {
    static let buffer = 64
    /// The severity budget every served tile is drawn with.
    public static let budget = TileBudget(maxBytes: 500_000, maxFeatures: 200_000)

    /// The lon/lat box of the tile grown by the buffer: the candidates a tile is drawn from, and what a change
    /// must meet to make it stale. Grown in Mercator metres and then unprojected, because a buffer grown in
    /// degrees is short on the side towards the equator (Mercator stretches with latitude).
    public static func area(_ tile: TileID) -> BBox {
        let m = mercatorArea(tile)
        let sw = WebMercator.unproject(Coordinate(m.minX, m.minY))
        let ne = WebMercator.unproject(Coordinate(m.maxX, m.maxY))
        return BBox(minX: sw.x, minY: sw.y, maxX: ne.x, maxY: ne.y)
    }

    /// The tile grown by the buffer, in Web Mercator metres: what the tile sources are asked for.
    static func mercatorArea(_ tile: TileID) -> BBox {
        let m = tile.mercatorBBox
        let pad = m.width * Double(buffer) / 4096
        return BBox(minX: m.minX - pad, minY: m.minY - pad, maxX: m.maxX + pad, maxY: m.maxY + pad)
    }

    /// How much work a tile may be to count as small (`isSmall`): features' coordinates plus records looked at.
    /// About 50 µs of drawing on this project's machine; the server draws such tiles where the request
    /// arrived, as it answers a cache hit, instead of handing them to a worker (docs/PERFORMANCE.md).
    public static let smallTileWork = 4_096

    /// Whether drawing `tile` from `sources` (in `layers`' order) is known to be small: no grid layer (its
    /// cells are read from the database) and at most `smallTileWork` coordinates and records in reach.
    public static func isSmall(_ layers: [TileLayer], tile: TileID, sources: [LayerSource?]) -> Bool {
        let query = mercatorArea(tile)
        var left = smallTileWork
        for (layer, source) in zip(layers, sources) where (layer.minZoom...layer.maxZoom).contains(tile.z) {
            guard let source else { return false }
            left -= source.work(meeting: query, zoom: tile.z, limit: left)
            if left < 0 { return false }
        }
        return true
    }

    /// The layers of a comma-separated list (`risks,sites,pipelines`) drawn into one tile from `sources` as they
    /// are at `at` (epoch seconds; now by default), as the server draws it on a cache miss; for tools outside the
    /// service, such as the benchmarks.
    public static func render(layerList: String, tile: TileID, sources: TileSources, at: Int64 = Int64(time(nil)),
                              budget: TileBudget = budget) throws -> EncodedTile {
        let layers = try TileLayer.layers(layerList)
        return try render(layers, tile: tile, sources: try sources.snapshot(layers), at: at, budget: budget)
    }

    /// `sources` are the layers' sources in order (see `TileSources.snapshot`); `grid` gives the grid layer's
    /// cells (nil when no grid is built: the layer is then empty); `at` is the instant drawn (epoch seconds): a
    /// feature with a time window shows only inside it, as it counts in the grid only then; past `deadline` the
    /// drawing stops with `TileUnavailable`.
    public static func render(_ layers: [TileLayer], tile: TileID, sources: [LayerSource?], grid: (() throws -> GridQuery)? = nil, at: Int64,
                       deadline: Deadline? = nil, budget: TileBudget = budget) throws -> EncodedTile {
        let transform = TileTransform(tile: tile)
        let clip = transform.clipBox(buffer: buffer)
        let query = mercatorArea(tile)
        let tolerance = Simplify.tolerance(zoom: tile.z)
        var builder = TileBuilder()
        // Each line or polygon goes through these in turn: mapped into the tile, clipped, simplified.
        var mapped = TileGeometry(kind: .line), clipped = TileGeometry(kind: .line), simplified = TileGeometry(kind: .line)
        var scratch = Simplify.Scratch()
        for (layer, source) in zip(layers, sources) {
            try deadline?.check()
            guard let source else {
                builder.addLayer(layer.name)
                if let grid, (layer.minZoom...layer.maxZoom).contains(tile.z) {
                    try addCells(try grid(), tile: tile, query: area(tile), at: at, transform: transform, deadline: deadline, to: &builder)
                }
                continue
            }
            let target = builder.addLayer(layer.name, keys: source.keys, values: source.values)
            guard (layer.minZoom...layer.maxZoom).contains(tile.z) else { continue }
            let allTags = tile.z >= layer.fullAttributesZoom
            try source.forEachCell(meeting: query) { cell in
                try deadline?.check()
                for r in cell.records where Int(r.minZoom) <= tile.z && r.window.contains(at) && r.box.intersects(query) {
                    let tags = cell.tags[Int(r.tags.lowerBound)..<(allTags ? Int(r.tags.upperBound) : Int(r.tags.lowerBound) + Int(r.lowZoomTags))]
                    if r.isPoint {
                        let c = transform.tileCoordinate(mercator: cell.coordinates[Int(r.coordinates.lowerBound)])
                        guard clip.contains(c) else { continue }
                        builder.addPoint(id: UInt64(r.fid), at: c, tags: tags, priority: Int(r.priority), to: target)
                    } else {
                        mapped.reset(kind: r.kind)
                        var start = Int(r.coordinates.lowerBound)
                        for p in Int(r.parts.lowerBound)..<Int(r.parts.upperBound) {
                            let end = Int(r.coordinates.lowerBound) + Int(cell.partEnds[p])
                            mapped.append(mercator: cell.coordinates[start..<end], transform: transform, exterior: cell.isExterior[p])
                            start = end
                        }
                        mapped.clip(to: clip, into: &clipped)
                        if tolerance > 0 { clipped.simplify(tolerance: tolerance, into: &simplified, scratch: &scratch) }
                        let g = tolerance > 0 ? simplified : clipped
                        guard !g.isEmpty else { continue }
                        builder.add(id: UInt64(r.fid), geometry: g, tags: tags, priority: Int(r.priority), to: target)
                    }
                }
            }
        }
        return builder.build(budget: budget)
    }

    /// Grid cells of the level that suits the zoom, as squares (their corners inverse-projected), most severe
    /// class first under the budget. Only the part of the tile where the grid has cells is asked for: a low-zoom
    /// tile spans a hemisphere, which has no meaning in the grid's transverse Mercator plane and holds more
    /// slots of even the coarsest level than a request may ask for.
    private static func addCells(_ grid: GridQuery, tile: TileID, query: BBox, at: Int64, transform: TileTransform,
                                 deadline: Deadline?, to builder: inout TileBuilder) throws {
        guard let covered = try grid.covered(query) else { return }
        let level = grid.level(forZoom: tile.z, latitude: tile.bbox.center.y)
        let cells: [GridQuery.Cell]
        do {
            cells = try grid.cells(in: covered, level: level, at: at)
        } catch GridError.tooManyCellsRequested {
            // Over 65,536 cells of the coarsest level in one 512-pixel tile: each is under two pixels, nothing a
            // viewer could see (a pyramid with few levels under wide data), and the tile must stay valid.
            return
        }
        let corners = try grid.corners(of: cells.map(\.key))
        for (n, c) in cells.enumerated() {
            try deadline?.check()
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
            let priority = TileLayer.grid.priority(of: c.colour?.rawValue)
            _ = builder.add(TileFeature(geometry: g, properties: properties, priority: priority), to: TileLayer.grid.name)
        }
    }
}
