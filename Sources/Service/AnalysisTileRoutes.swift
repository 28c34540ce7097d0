import Analysis
import GeoKit
import HTTP
import VectorTiles

/// The planners' computed layers as vector tiles (MVT 2.1), one layer each, for maps that draw them as tiles:
/// `pipeline_hca` (the gas pipelines' high-consequence stretches, every zoom) and `threat_zones` (each
/// enterprise's red, orange and yellow rings, from zoom 12: below it a tile would hold the whole city's).
/// Computed from the nearby index like their GeoJSON (`/analysis/pipeline-hca`, `/analysis/threat-zones`).
struct AnalysisTileRoutes: RouteCollection {
    let index: HazardIndex

    static let layers = ["pipeline_hca", "threat_zones"]
    static let threatZonesMinZoom = 12

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/tiles/analysis/{layer}/{z}/{x}/{y}",
                     summary: "A computed layer as a Mapbox Vector Tile: /tiles/analysis/pipeline_hca/14/13681/6690.mvt (every zoom) or /tiles/analysis/threat_zones/… (from zoom 12); ?at= for the instant",
                     tag: "Tiles", query: ["at"],
                     responses: [200: "the tile", 204: "nothing in this tile", 400: "z/x/y out of range, or a bad ?at=", 404: "no such layer"]) { [self] request, _, _ in
                let layer = request.parameters["layer"] ?? ""
                guard Self.layers.contains(layer) else { throw HTTPError(.notFound, "analysis tile layers: \((Self.layers + ["coverage"]).joined(separator: ", "))") }
                let tile = try Self.tileID(request)
                let at = try AnalysisInput.instant(request.query["at"])
                let bytes = try Self.tile(layer, tile, at: at, index)
                guard !bytes.isEmpty else { return Response(status: .noContent) }
                return Response(status: .ok, headers: ["Content-Type": "application/vnd.mapbox-vector-tile", "Cache-Control": "no-cache"], body: bytes)
                    .withContentETag()
            },
        ]
    }

    /// The tile `{z}/{x}/{y}.mvt` names: 404 for another ending, 400 out of range.
    static func tileID(_ request: Request) throws -> TileID {
        let yText = request.parameters["y"] ?? ""
        guard yText.hasSuffix(".mvt") || yText.hasSuffix(".pbf") else { throw HTTPError(.notFound, "tiles end in .mvt") }
        guard let z = Int(request.parameters["z"] ?? ""), let x = Int(request.parameters["x"] ?? ""), let y = Int(yText.dropLast(4)) else {
            throw HTTPError(.badRequest, "z, x and y must be whole numbers")
        }
        do { return try TileID(z: z, x: x, y: y) } catch { throw HTTPError(.badRequest, error.description) }
    }

    /// The tile's features, each line or ring mapped into the tile, clipped to it grown by 64 units and simplified.
    static func tile(_ layer: String, _ tile: TileID, at: String, _ index: HazardIndex) throws -> [UInt8] {
        var t = AnalysisTile(tile, layer: layer)
        if layer == "pipeline_hca" {
            for s in try index.pipelineHCAs(meeting: tile.bbox, at: at) where s.line.count > 1 {
                t.add([s.line], kind: .line, id: UInt64(s.pipelineID), [("pipeline_id", .int(s.pipelineID)), ("grade", .int(Int64(s.grade))),
                                                                         ("length_m", .double((s.length * 10).rounded() / 10)), ("sites", .int(Int64(s.sites.count)))])
            }
        } else if tile.z >= threatZonesMinZoom {
            for z in try index.threatZones(meeting: tile.bbox, at: at) {
                for ring in z.rings {
                    t.add([z.polygon(ring)], kind: .polygon, id: UInt64(z.source.id), [
                        ("source", .int(z.source.id)), ("colour", .string(ring.colour.rawValue)), ("radius_m", .double((ring.radius * 10).rounded() / 10)),
                        ("sites", .int(Int64(ring.sites.count))), ("people", .int(ring.people)), ("major_hazards", .int(Int64(ring.majorHazards.count))),
                    ])
                }
            }
        }
        return t.bytes
    }
}

/// One computed layer's tile: features in lon/lat mapped into it, clipped to it grown by 64 units and simplified
/// for its zoom; no bytes when nothing lands in it.
struct AnalysisTile {
    let layer: String
    let transform: TileTransform
    let clip: BBox
    let tolerance: Double
    var builder = TileBuilder()
    var found = 0

    init(_ tile: TileID, layer: String) {
        self.layer = layer
        transform = TileTransform(tile: tile)
        clip = transform.clipBox(buffer: 64)
        tolerance = Simplify.tolerance(zoom: tile.z)
        builder.addLayer(layer)
    }

    mutating func add(_ parts: [[Coordinate]], kind: TileGeometry.Kind, id: UInt64, _ properties: [(key: String, value: PropertyValue)]) {
        var mapped = TileGeometry(kind: kind)
        for part in parts { mapped.append(mercator: part.map(WebMercator.project)[...], transform: transform) }
        let clipped = mapped.clipped(to: clip)
        let g = tolerance > 0 ? clipped.simplified(tolerance: tolerance) : clipped
        guard !g.isEmpty else { return }
        if builder.add(TileFeature(id: id, geometry: g, properties: properties), to: layer) { found += 1 }
    }

    var bytes: [UInt8] { found == 0 ? [] : builder.build().bytes }
}
