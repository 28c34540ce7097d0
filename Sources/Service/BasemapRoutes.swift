import GeoKit
import HTTP
import Store

/// The operator's basemap (docs/CONFIG.md `basemap`), off by default: a raster MBTiles file served at
/// /basemap/{z}/{x}/{y}.{format}, or an internal tile server's URL put in the style as it is. Either way the style
/// gets a raster source and layer just above its background, under every risk layer.
struct BasemapRoutes: RouteCollection {
    let tiles: MBTilesReader?

    static let contentTypes = ["png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"]

    var endpoints: [Endpoint] {
        guard tiles != nil else { return [] }
        return [
            Endpoint(method: .get, pattern: "/basemap/{z}/{x}/{y}",
                     summary: "A tile of the operator's basemap (a raster MBTiles file, configured as basemap.mbtiles): /basemap/12/3422/1672.png",
                     tag: "Tiles", responses: [200: "the tile", 204: "the file has no tile there", 404: "not a z/x/y.format tile address"]) { [self] request, _, _ in
                guard let tiles else { throw HTTPError(.notFound, "no basemap is configured") }
                let yText = request.parameters["y"] ?? ""
                guard let dot = yText.lastIndex(of: "."), String(yText[yText.index(after: dot)...]) == tiles.format,
                      let z = Int(request.parameters["z"] ?? ""), let x = Int(request.parameters["x"] ?? ""), let y = Int(yText[..<dot]) else {
                    throw HTTPError(.notFound, "basemap tiles are /basemap/{z}/{x}/{y}.\(tiles.format)")
                }
                guard let bytes = try tiles.tile(z: z, x: x, y: y) else { return Response(status: .noContent) }
                return Response(status: .ok, headers: ["Content-Type": Self.contentTypes[tiles.format] ?? "application/octet-stream",
                                                       "Cache-Control": "public, max-age=3600"], body: bytes).withContentETag()
            },
        ]
    }

    /// Opens a configured MBTiles basemap; only raster formats can go under the style as they are.
    static func open(_ basemap: Basemap?) throws -> MBTilesReader? {
        guard let path = basemap?.mbtiles else { return nil }
        let reader = try MBTilesReader(path: path)
        guard contentTypes[reader.format] != nil else {
            throw ConfigError(path: "basemap.mbtiles", reason: "\(path) holds '\(reader.format)' tiles; a basemap must be raster (png, jpg or webp)")
        }
        return reader
    }

    /// The style with the basemap's raster source and layer just above the background.
    static func style(_ style: String, _ basemap: Basemap, format: String?) -> String {
        guard case .object(var root)? = try? JSONParser.parse(style), case .array(var layers)? = root["layers"],
              case .object(var sources)? = root["sources"] else { return style }
        let url = basemap.url ?? "{base}/basemap/{z}/{x}/{y}.\(format ?? "png")"
        var source: [String: JSONValue] = ["type": "raster", "tiles": .array([.string(url)]), "tileSize": .integer(Int64(basemap.tileSize ?? 256))]
        if let a = basemap.attribution { source["attribution"] = .string(a) }
        if let z = basemap.maxzoom { source["maxzoom"] = .integer(Int64(z)) }
        sources["basemap"] = .object(source)
        let at = layers.firstIndex { $0["type"] != "background" } ?? layers.count
        layers.insert(.object(["id": "basemap", "type": "raster", "source": "basemap"]), at: at)
        root["sources"] = .object(sources)
        root["layers"] = .array(layers)
        var w = JSONWriter()
        w.json(.object(root))
        return w.string
    }
}
