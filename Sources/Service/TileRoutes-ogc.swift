import GeoKit
import HTTP
import Store
import Tiles

/// OGC API – Tiles (Part 1: core, tileset, tilesets-list, geodata-tilesets) for each collection drawn as a tile
/// layer, over the same tiles as /tiles/{layers}/{z}/{x}/{y}.mvt: what GDAL's OGCAPI driver and QGIS follow from
/// a collection's `tilesets-vector` link. One tile matrix set, WebMercatorQuad (EPSG:3857, 256-pixel tiles at z0,
/// row 0 at the top: the XYZ scheme, so tileRow is y and tileCol is x).
extension TileRoutes {
    static let tileMatrixSetID = "WebMercatorQuad"
    static let tileMatrixSetURI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
    static let tilesetsRel = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
    static let tilingSchemeRel = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
    /// The deepest tile matrix the definition lists (tiles are drawn to each layer's max zoom, at most this).
    static let deepestMatrix = 22

    var ogcTileEndpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/tileMatrixSets", summary: "The tile matrix sets tiles are offered in (OGC API – Tiles)",
                     tag: "Tiles", responses: [200: "the list"]) { [self] request, _, _ in
                let href = baseURL(request) + "/tileMatrixSets/" + Self.tileMatrixSetID
                var w = JSONWriter()
                w.raw("{\"tileMatrixSets\":[{\"id\":")
                w.string(Self.tileMatrixSetID)
                w.raw(",\"title\":\"Google Maps Compatible for the World\",\"uri\":")
                w.string(Self.tileMatrixSetURI)
                w.raw(",\"links\":")
                links(&w, [Link(href, Self.tilingSchemeRel, "application/json", "WebMercatorQuad")])
                w.raw("}]}")
                return json(w, request)
            },
            Endpoint(method: .get, pattern: "/tileMatrixSets/{tileMatrixSetId}", summary: "A tile matrix set's definition (OGC 2D TMS 2.0)",
                     tag: "Tiles", responses: [200: "the definition", 404: "no such tile matrix set"]) { [self] request, _, _ in
                try Self.requireMatrixSet(request)
                var w = JSONWriter()
                Self.writeWebMercatorQuad(into: &w)
                return json(w, request)
            },
            Endpoint(method: .get, pattern: "/collections/{collectionId}/tiles", summary: "A collection's vector tilesets (OGC API – Tiles)",
                     tag: "Tiles", responses: [200: "the tilesets", 404: "no such collection, or one not drawn as tiles"]) { [self] request, _, _ in
                let (table, _) = try Self.tiledCollection(request)
                let href = baseURL(request) + "/collections/" + table.name + "/tiles"
                var w = JSONWriter()
                w.raw("{\"links\":")
                links(&w, [Link(href, "self", "application/json", "\(table.title) as vector tiles")])
                w.raw(",\"tilesets\":[")
                writeTilesetSummary(table, href: href + "/" + Self.tileMatrixSetID, base: baseURL(request), into: &w)
                w.raw("]}")
                return json(w, request)
            },
            Endpoint(method: .get, pattern: "/collections/{collectionId}/tiles/{tileMatrixSetId}",
                     summary: "A collection's vector tileset: tile URL template, limits per tile matrix, layer (OGC API – Tiles)",
                     tag: "Tiles", responses: [200: "the tileset", 404: "no such collection or tile matrix set"]) { [self] request, _, worker in
                let (table, layer) = try Self.tiledCollection(request)
                try Self.requireMatrixSet(request)
                let base = baseURL(request)
                let bounds = try worker.reader.snapshot { _ in try worker.extent(table) }
                var w = JSONWriter()
                writeTileset(table, layer, bounds: bounds, base: base, into: &w)
                return json(w, request)
            },
            Endpoint(method: .get, pattern: "/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
                     summary: "A collection's vector tile (MVT), the same as /tiles/{layer}/{z}/{x}/{y}.mvt: tileMatrix is z, tileRow y, tileCol x",
                     tag: "Tiles", query: ["at"], responses: [200: "the tile", 204: "no feature in this tile", 304: "unchanged",
                                                              400: "tileMatrix, tileRow or tileCol out of range", 404: "no such collection or tile matrix set"],
                     handler: { [self] request, _, worker in
                         let (layer, id) = try Self.ogcTile(request)
                         return try tile([layer], id, request, worker: worker)
                     },
                     fromMemory: { [self] request in
                         guard let (layer, id) = try? Self.ogcTile(request) else { return nil }
                         return cachedTile([layer], id, request)
                     }),
        ]
    }

    /// The collection a request names, if it is drawn as a tile layer of its own.
    private static func tiledCollection(_ request: Request) throws -> (LayerSchema, TileLayer) {
        let table = try layer(request)
        guard let layer = TileLayer.of(table) else { throw HTTPError(.notFound, "\(table.name) is not drawn as vector tiles") }
        return (table, layer)
    }

    private static func requireMatrixSet(_ request: Request) throws {
        let id = request.parameters["tileMatrixSetId"] ?? ""
        guard id == tileMatrixSetID else {
            throw HTTPError(.notFound, "no tile matrix set '\(id)': tiles are offered in \(tileMatrixSetID) only")
        }
    }

    private static func ogcTile(_ request: Request) throws -> (TileLayer, TileID) {
        let (_, layer) = try tiledCollection(request)
        try requireMatrixSet(request)
        guard let z = Int(request.parameters["tileMatrix"] ?? ""), let row = Int(request.parameters["tileRow"] ?? ""),
              let col = Int(request.parameters["tileCol"] ?? "") else {
            throw HTTPError(.badRequest, "tileMatrix, tileRow and tileCol must be whole numbers")
        }
        do { return (layer, try TileID(z: z, x: col, y: row)) } catch { throw HTTPError(.badRequest, error.description) }
    }

    private func writeTilesetSummary(_ table: LayerSchema, href: String, base: String, into w: inout JSONWriter) {
        w.raw("{\"title\":")
        w.string("\(table.title) (\(Self.tileMatrixSetID))")
        w.raw(",\"dataType\":\"vector\",\"crs\":\"http://www.opengis.net/def/crs/EPSG/0/3857\",\"tileMatrixSetURI\":")
        w.string(Self.tileMatrixSetURI)
        w.raw(",\"links\":")
        links(&w, [Link(href, "self", "application/json", "The tileset"),
                   Link(base + "/tileMatrixSets/" + Self.tileMatrixSetID, Self.tilingSchemeRel, "application/json", Self.tileMatrixSetID)])
        w.raw("}")
    }

    private func writeTileset(_ table: LayerSchema, _ layer: TileLayer, bounds: BBox?, base: String, into w: inout JSONWriter) {
        let href = base + "/collections/" + table.name + "/tiles/" + Self.tileMatrixSetID
        let zooms = layer.minZoom...min(layer.maxZoom, Self.deepestMatrix)
        w.raw("{\"title\":")
        w.string("\(table.title) (\(Self.tileMatrixSetID))")
        w.raw(",\"description\":")
        w.string(TileLayer.thinning)
        w.raw(",\"dataType\":\"vector\",\"crs\":\"http://www.opengis.net/def/crs/EPSG/0/3857\",\"tileMatrixSetURI\":")
        w.string(Self.tileMatrixSetURI)
        w.raw(",\"links\":")
        links(&w, [Link(href, "self", "application/json", "The tileset"),
                   Link(base + "/tileMatrixSets/" + Self.tileMatrixSetID, Self.tilingSchemeRel, "application/json", Self.tileMatrixSetID),
                   Link(href + "/{tileMatrix}/{tileRow}/{tileCol}", "item", "application/vnd.mapbox-vector-tile", "\(table.title) tiles"),
                   Link(base + "/tiles/" + layer.name + ".json", "describedby", "application/json", "TileJSON")])
        if let bounds, !bounds.isEmpty {
            w.raw(",\"boundingBox\":{\"lowerLeft\":")
            w.numbers([bounds.minX, bounds.minY])
            w.raw(",\"upperRight\":")
            w.numbers([bounds.maxX, bounds.maxY])
            w.raw(",\"crs\":\"http://www.opengis.net/def/crs/OGC/1.3/CRS84\"}")
            w.raw(",\"tileMatrixSetLimits\":")
            w.array(Array(zooms)) { w, z in Self.writeLimits(of: bounds, zoom: z, into: &w) }
        }
        w.raw(",\"layers\":[{\"id\":")
        w.string(layer.name)
        w.raw(",\"dataType\":\"vector\",\"minTileMatrix\":")
        w.string(String(zooms.lowerBound))
        w.raw(",\"maxTileMatrix\":")
        w.string(String(zooms.upperBound))
        w.raw(",\"geometryType\":")
        w.string(table.geometryKinds.count == 1 ? table.geometryKinds[0].name : "geometry")
        w.raw("}]}")
    }

    /// The columns and rows of zoom `z` that `bounds` (lon/lat) spans.
    private static func writeLimits(of bounds: BBox, zoom z: Int, into w: inout JSONWriter) {
        let clamp = { (c: Coordinate) in Coordinate(min(max(c.x, -180), 180), min(max(c.y, -85.0511), 85.0511)) }
        let nw = (try? TileID.containing(clamp(Coordinate(bounds.minX, bounds.maxY)), zoom: z)) ?? (try! TileID(z: z, x: 0, y: 0))
        let se = (try? TileID.containing(clamp(Coordinate(bounds.maxX, bounds.minY)), zoom: z)) ?? nw
        w.raw("{\"tileMatrix\":")
        w.string(String(z))
        w.raw(",\"minTileRow\":")
        w.number(Int64(nw.y))
        w.raw(",\"maxTileRow\":")
        w.number(Int64(se.y))
        w.raw(",\"minTileCol\":")
        w.number(Int64(nw.x))
        w.raw(",\"maxTileCol\":")
        w.number(Int64(se.x))
        w.raw("}")
    }

    /// WebMercatorQuad as OGC 2D Tile Matrix Set 2.0 JSON, z0 to `deepestMatrix`. Each member of TMS 1.0 is
    /// given too (`type`, `identifier`, `supportedCRS`, `tileMatrix` with `topLeftCorner`): GDAL before 3.7 reads
    /// only 1.0 and takes a document without them for a file name; later readers take the 2.0 members.
    static func writeWebMercatorQuad(into w: inout JSONWriter) {
        let half = WebMercator.halfWorld
        let crs = "http://www.opengis.net/def/crs/EPSG/0/3857"
        w.raw("{\"type\":\"TileMatrixSetType\",\"id\":")
        w.string(tileMatrixSetID)
        w.raw(",\"identifier\":")
        w.string(tileMatrixSetID)
        w.raw(",\"title\":\"Google Maps Compatible for the World\",\"uri\":")
        w.string(tileMatrixSetURI)
        w.raw(",\"crs\":")
        w.string(crs)
        w.raw(",\"supportedCRS\":")
        w.string(crs)
        w.raw(",\"orderedAxes\":[\"X\",\"Y\"],\"wellKnownScaleSet\":")
        w.string("http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible")
        w.raw(",\"boundingBox\":{\"type\":\"BoundingBoxType\",\"crs\":")
        w.string(crs)
        w.raw(",\"lowerCorner\":")
        w.numbers([-half, -half])
        w.raw(",\"upperCorner\":")
        w.numbers([half, half])
        w.raw("}")
        for (member, version2) in [("tileMatrices", true), ("tileMatrix", false)] {
            w.raw(",")
            w.string(member)
            w.raw(":")
            w.array(Array(0...deepestMatrix)) { w, z in
                let n = 1 << z
                let cellSize = 2 * half / Double(256 * n)
                w.raw(version2 ? "{\"id\":" : "{\"type\":\"TileMatrixType\",\"identifier\":")
                w.string(String(z))
                w.raw(",\"scaleDenominator\":")
                w.number(cellSize / 0.00028)
                if version2 {
                    w.raw(",\"cellSize\":")
                    w.number(cellSize)
                    w.raw(",\"cornerOfOrigin\":\"topLeft\"")
                }
                w.raw(version2 ? ",\"pointOfOrigin\":" : ",\"topLeftCorner\":")
                w.numbers([-half, half])
                w.raw(",\"tileWidth\":256,\"tileHeight\":256,\"matrixWidth\":")
                w.number(Int64(n))
                w.raw(",\"matrixHeight\":")
                w.number(Int64(n))
                w.raw("}")
            }
        }
        w.raw("}")
    }
}
