import Glibc
import GeoKit
import Gzip
import HTTP
import RiskGrid
import RiskModel
import Store
import Tiles
import VectorTiles

/// Vector tiles: the catalog, TileJSON, the tiles themselves and the MapLibre style.
struct TileRoutes: LinkingRoutes {
    let tiles: TileCache
    let tileSources: TileSources
    let coldRenders: ColdRenders
    let externalWrites: ExternalWrites
    let publicBase: PublicBase
    /// tiles/style.json as read at start-up, with `{base}` where the server's address goes.
    let styleTemplate: String?

    var endpoints: [Endpoint] { tileEndpoints.map(noticingExternalWrites) }

    /// Tile answers first check for writes made by other processes (see ExternalWrites).
    private func noticingExternalWrites(_ e: Endpoint) -> Endpoint {
        var wrapped = e
        let handler = e.handler
        wrapped.handler = { [externalWrites] request, caller, worker in
            externalWrites.check()
            return try handler(request, caller, &worker)
        }
        return wrapped
    }

    private var tileEndpoints: [Endpoint] {
        ogcTileEndpoints + [
            Endpoint(method: .get, pattern: "/tiles", summary: "The tile layers, with TileJSON links", tag: "Tiles",
                     responses: [200: "the catalog"]) { [self] request, _, _ in
                var w = JSONWriter()
                let base = baseURL(request)
                w.raw("{\"tilesets\":")
                let entries = TileLayer.drawingOrder.map { ($0.name, $0.description) }
                    + [(TileLayer.allLayers, "Every layer in one tile (what /style.json uses)")]
                w.array(entries) { w, e in tilesetEntry(e.0, e.1, base: base, into: &w) }
                w.raw(",\"thinning\":")
                w.string(TileLayer.thinning)
                w.raw("}")
                return json(w, request)
            },
            Endpoint(method: .get, pattern: "/tiles/{tileset}", summary: "TileJSON 3.0.0 for a layer or a comma-separated composite: /tiles/risks,sites.json (or without .json)",
                     tag: "Tiles", responses: [200: "TileJSON", 404: "unknown layer"]) { [self] request, _, worker in
                let name = request.parameters["tileset"] ?? ""
                let layers = try TileLayer.layers(name.hasSuffix(".json") ? String(name.dropLast(5)) : name)
                var w = JSONWriter()
                try worker.reader.snapshot { _ in try tileJSON(layers, request: request, worker: worker, into: &w) }
                return json(w, request)
            },
            Endpoint(method: .get, pattern: "/tiles/{tileset}/{z}/{x}/{y}",
                     summary: "A Mapbox Vector Tile (MVT 2.1): /tiles/risks,sites/12/3422/1672.mvt; ?at= draws another instant",
                     tag: "Tiles", query: ["at"], responses: [200: "the tile", 204: "no feature in this tile", 304: "unchanged", 400: "z/x/y out of range, or a bad ?at=",
                                 404: "unknown layer", 503: "no tile renderer freed up, or the drawing ran past its deadline (Retry-After)"],
                     handler: { [self] request, _, worker in try tile(request, worker: worker) },
                     fromMemory: { [self] request in cachedTile(request) }),
            Endpoint(method: .get, pattern: "/style.json", summary: "A MapLibre style for every layer in the four risk colours", tag: "Tiles",
                     responses: [200: "the style"]) { [self] request, _, _ in
                guard let style = styleTemplate else { throw HTTPError(.notFound, "no style file (tiles/style.json) was found at start-up") }
                let text = style.replacingOccurrences(of: "{base}", with: baseURL(request))
                var r = Response.json(Array(text.utf8))
                r.headers.set("Cache-Control", "no-cache")
                return r.withContentETag()
            },
        ]
    }

    /// The tile a request names: 404 unless it ends in .mvt (or .pbf), 400 for a z/x/y out of range.
    private static func tileID(_ request: Request) throws -> TileID {
        let yText = request.parameters["y"] ?? ""
        guard yText.hasSuffix(".mvt") || yText.hasSuffix(".pbf") else {
            throw HTTPError(.notFound, "tiles end in .mvt: /tiles/{layers}/{z}/{x}/{y}.mvt")
        }
        guard let z = Int(request.parameters["z"] ?? ""), let x = Int(request.parameters["x"] ?? ""), let y = Int(yText.dropLast(4)) else {
            throw HTTPError(.badRequest, "z, x and y must be whole numbers")
        }
        do { return try TileID(z: z, x: x, y: y) } catch { throw HTTPError(.badRequest, error.description) }
    }

    private func tile(_ request: Request, worker: Worker) throws -> Response {
        try tile(TileLayer.layers(request.parameters["tileset"] ?? ""), Self.tileID(request), request, worker: worker)
    }

    /// Tile `id` of `layers`, from the cache or drawn now, as `request` gets it (gzip, 304, HEAD).
    func tile(_ layers: [TileLayer], _ id: TileID, _ request: Request, worker: Worker) throws -> Response {
        let hasGrid = layers.contains { $0.source == nil }
        let windowed = layers.contains { $0.windowed }
        // `at` is still checked when given, so a bad one is a 400 on every tileset.
        let at = hasGrid || windowed || request.query["at"] != nil ? try Self.instant(request) : 0
        // The epoch is read before the sources are taken, so a tile drawn from sources older than a write that
        // has since invalidated the cache is not cached.
        let epoch = tiles.currentEpoch
        let sources = try tileSources.snapshot(layers)
        let gridPeriod = hasGrid ? try tileSources.gridPeriod(at: at, building: true) : nil
        let key = TileCache.key(layers, id, period: TileSources.period(of: sources, at: at), gridPeriod: gridPeriod)
        let entry: TileCache.Entry
        if let cached = tiles.get(key) {
            entry = cached
        } else {
            let encoded = try coldRenders.run { deadline in
                try hasGrid
                    ? worker.reader.snapshot { _ in
                        try TileRenderer.render(layers, tile: id, sources: sources, grid: worker.grid, at: at, deadline: deadline)
                    }
                    : TileRenderer.render(layers, tile: id, sources: sources, at: at, deadline: deadline)
            }
            entry = cache(encoded, id, key: key, epoch: epoch)
        }
        return Self.response(entry, request, gzip: gzip(entry, key: key, request))
    }

    /// A tile answered on the I/O thread (see `Endpoint.fromMemory`): a cached one, or a small one drawn here
    /// (`TileRenderer.isSmall`: about as quick as answering a hit, and a hop to a worker and back would cost
    /// more than the drawing). Nil sends the request to a worker: sources not built yet, a grid layer, a large
    /// miss, or a large tile whose gzip form is asked for and not made yet. The same check for other processes'
    /// writes, the same key, cache and answer as `tile`.
    private func cachedTile(_ request: Request) -> Response? {
        guard let layers = try? TileLayer.layers(request.parameters["tileset"] ?? ""), let id = try? Self.tileID(request) else { return nil }
        return cachedTile(layers, id, request)
    }

    /// `cachedTile(_:)` for tile `id` of `layers`.
    func cachedTile(_ layers: [TileLayer], _ id: TileID, _ request: Request) -> Response? {
        externalWrites.check()
        let epoch = tiles.currentEpoch
        let hasGrid = layers.contains { $0.source == nil }
        let at = hasGrid || layers.contains(where: \.windowed) ? Int64(time(nil)) : 0
        let (built, period) = tileSources.builtPeriod(layers, at: at)
        guard built else { return nil }
        var gridPeriod: String?
        if hasGrid {
            guard let period = try? tileSources.gridPeriod(at: at, building: false) else { return nil }
            gridPeriod = period
        }
        let key = TileCache.key(layers, id, period: period, gridPeriod: gridPeriod)
        let entry: TileCache.Entry
        if let cached = tiles.get(key, countingMiss: false) {
            guard cached.gzip != nil || cached.bytes.count <= Self.smallGzipBytes || !Self.wantsGzip(cached, request) else { return nil }
            entry = cached
        } else {
            // The sources are taken after the key was made: a commit in between makes the drawing newer than
            // its key, which the epoch read first then keeps out of the cache.
            guard !hasGrid, let sources = tileSources.builtSnapshot(layers), TileRenderer.isSmall(layers, tile: id, sources: sources),
                  let encoded = try? TileRenderer.render(layers, tile: id, sources: sources, at: at) else { return nil }
            tiles.countMiss()
            entry = cache(encoded, id, key: key, epoch: epoch)
        }
        var response = Self.response(entry, request, gzip: gzip(entry, key: key, request))
        // The same answer holds for the same request until a write invalidates the cache (the key's time period
        // is per second at most, and so is the I/O thread's memo of answers).
        response.reuse = Reuse(isCurrent: { [tiles] in tiles.currentEpoch == epoch }, reused: { [tiles] in tiles.countGivenAgain() })
        return response
    }

    /// Caches a tile just drawn (unless a write since `epoch` made it stale) and returns its entry.
    private func cache(_ encoded: EncodedTile, _ id: TileID, key: String, epoch: UInt64) -> TileCache.Entry {
        let bytes = encoded.layers.allSatisfy { $0.kept == 0 } ? [] : encoded.bytes
        let entry = TileCache.Entry(bytes: bytes, gzip: nil, etag: ETag.of(bytes), area: TileRenderer.area(id))
        tiles.insert(key, entry, epochAtStart: epoch)
        return entry
    }

    /// The tile's gzip form if the client gets one: the cached one, or made now and kept with the tile.
    private func gzip(_ entry: TileCache.Entry, key: String, _ request: Request) -> [UInt8]? {
        guard entry.gzip == nil, Self.wantsGzip(entry, request) else { return entry.gzip }
        let gzip = Gzip.compress(entry.bytes, level: Self.gzipLevel)
        if let gzip { tiles.attach(gzip: gzip, to: key, etag: entry.etag) }
        return gzip
    }

    /// Tiles up to this size are gzipped on the I/O thread when first asked for (tens of microseconds).
    static let smallGzipBytes = 16 * 1024

    /// Tiles are gzipped when a client first asks for gzip, at level 1: 8% larger than level 6 and a third of
    /// its time on the suzhou demo's tiles, which matters on a cold tile (docs/PERFORMANCE.md).
    static let gzipLevel: Int32 = 1

    /// Whether the answer would be gzipped: the client accepts gzip and the tile is large enough to gain.
    private static func wantsGzip(_ entry: TileCache.Entry, _ request: Request) -> Bool {
        entry.bytes.count >= 512 && Gzip.accepted(by: request.headers["Accept-Encoding"])
    }

    /// The answer for a tile: 204 when empty, else its gzip form when the client gets one, or its bytes.
    private static func response(_ entry: TileCache.Entry, _ request: Request, gzip: [UInt8]?) -> Response {
        guard !entry.bytes.isEmpty else {
            var r = Response(status: .noContent, headers: ["Cache-Control": "no-cache", "ETag": entry.etag])
            r.keptHead = entry.heads.identity
            return r
        }
        var r = Response(status: .ok, headers: ["Content-Type": "application/vnd.mapbox-vector-tile", "Cache-Control": "no-cache",
                                                "ETag": entry.etag, "Vary": "Accept-Encoding"], body: entry.bytes)
        if let gzip, wantsGzip(entry, request) {
            r.headers.set("Content-Encoding", "gzip")
            r.body = .bytes(gzip)
            r.keptHead = entry.heads.gzip
        } else {
            r.bodyFile = entry.file
            r.keptHead = entry.heads.identity
        }
        return r
    }

    private func tilesetEntry(_ name: String, _ description: String, base: String, into w: inout JSONWriter) {
        w.raw("{\"id\":")
        w.string(name)
        w.raw(",\"description\":")
        w.string(description)
        w.raw(",\"tilejson\":")
        w.string("\(base)/tiles/\(name).json")
        w.raw(",\"tiles\":")
        w.string("\(base)/tiles/\(name)/{z}/{x}/{y}.mvt")
        w.byte(UInt8(ascii: "}"))
    }

    private func tileJSON(_ layers: [TileLayer], request: Request, worker: Worker, into w: inout JSONWriter) throws {
        let name = layers.map(\.name).joined(separator: ",")
        var bounds = BBox.empty
        for l in layers { if let source = l.source, let e = try worker.extent(source) { bounds.extend(e) } }
        if bounds.isEmpty { bounds = BBox(minX: -180, minY: -85.0511, maxX: 180, maxY: 85.0511) }
        w.raw("{\"tilejson\":\"3.0.0\",\"name\":")
        w.string("riskmap " + name)
        w.raw(",\"description\":")
        w.string(TileLayer.thinning)
        w.raw(",\"attribution\":")
        w.string(try attribution(worker))
        w.raw(",\"scheme\":\"xyz\",\"tiles\":")
        w.strings(["\(baseURL(request))/tiles/\(name)/{z}/{x}/{y}.mvt"])
        w.raw(",\"minzoom\":")
        w.number(Int64(layers.map(\.minZoom).min() ?? 0))
        w.raw(",\"maxzoom\":")
        w.number(Int64(layers.map(\.maxZoom).max() ?? 22))
        w.raw(",\"bounds\":")
        w.numbers([bounds.minX, bounds.minY, bounds.maxX, bounds.maxY])
        w.raw(",\"center\":")
        w.numbers([bounds.center.x, bounds.center.y, 11])
        w.raw(",\"vector_layers\":")
        TileLayer.writeVectorLayers(layers, into: &w)
        w.raw("}")
    }

    /// ODbL asks that maps showing OpenStreetMap data say so; riskmap knows from the import audit.
    private func attribution(_ worker: Worker) throws -> String {
        try worker.reader.holdsOpenStreetMapData() ? "© OpenStreetMap contributors; riskmap" : "riskmap"
    }
}
