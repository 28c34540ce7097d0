import GeoKit
import HTTP
import RiskGrid
import RiskModel
import Store

/// The risk grid: cells in a box, why a cell is hot, per-area figures. The cells come from the worker's grid;
/// the area figures from the `AreaFigures` every write keeps current, and whole area answers from `answers`.
struct GridRoutes: RouteCollection {
    let figures: AreaFigures
    let answers: AnswerCache

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/grid", summary: "Risk grid cells in a box as GeoJSON: hazard H, exposure E, index, class, counts, pipeline lengths",
                     tag: "Risk grid", query: ["bbox", "cell", "level", "zoom", "at"],
                     responses: [200: "a GeoJSON FeatureCollection of cells", 400: "a parameter is wrong or the box holds too many cells", 404: "no grid yet"]) { [self] request, _, worker in
                guard let text = request.query["bbox"] else { throw HTTPError(.badRequest, "/grid needs bbox=minLon,minLat,maxLon,maxLat") }
                let box = try ItemsParameters.bbox(text)
                var w = JSONWriter(capacity: 64 * 1024)
                try worker.reader.snapshot { _ in
                    let grid = try worker.grid()
                    let level: Int
                    if let c = request.query["cell"] {
                        guard let size = Double(c), let l = grid.geometry.level(side: size) else {
                            throw HTTPError(.badRequest, "cell must be one of \(grid.geometry.sides.map { String(Int($0)) }.joined(separator: ", ")) (metres)")
                        }
                        level = l
                    } else if let l = request.query["level"] {
                        guard let v = Int(l) else { throw HTTPError(.badRequest, "level must be a whole number") }
                        level = v
                    } else if let z = request.query["zoom"] {
                        guard let v = Int(z), (0...TileID.maxZoom).contains(v) else { throw HTTPError(.badRequest, "zoom must be 0…\(TileID.maxZoom)") }
                        level = grid.level(forZoom: v, latitude: box.center.y)
                    } else {
                        level = 0
                    }
                    try grid.writeGeoJSON(try grid.cells(in: box, level: level, at: try Self.instant(request)), into: &w)
                }
                return json(w, request, contentType: "application/geo+json")
            },
            Endpoint(method: .get, pattern: "/grid/meta", summary: "The grid's CRS, cell size and levels, and its colour classes: mode, thresholds, shares and the breaks in force (index units)",
                     tag: "Risk grid", responses: [200: "the grid's parameters and class breaks", 404: "no grid yet"]) { request, _, worker in
                var w = JSONWriter()
                try worker.reader.snapshot { _ in try worker.grid().meta.writeJSON(into: &w) }
                return json(w, request)
            },
            Endpoint(method: .get, pattern: "/grid/explain", summary: "Why a cell is hot: the risks, reports, sites and pipelines behind its figures, each with its contribution",
                     tag: "Risk grid", query: ["lon", "lat", "at"],
                     responses: [200: "the cell and its contributions, which add up to the cell's figures", 400: "lon/lat missing", 404: "no grid yet"]) { request, _, worker in
                guard let lon = request.query["lon"].flatMap(Double.init), let lat = request.query["lat"].flatMap(Double.init),
                      (-180...180).contains(lon), (-90...90).contains(lat) else {
                    throw HTTPError(.badRequest, "/grid/explain needs lon and lat in degrees")
                }
                var w = JSONWriter()
                try worker.reader.snapshot { _ in
                    let grid = try worker.grid()
                    Self.write(try grid.explain(lon: lon, lat: lat, at: try Self.instant(request)), grid: grid, into: &w)
                }
                return json(w, request)
            },
            Endpoint(method: .get, pattern: "/grid/hotspots",
                     summary: "Hot spots: clusters of adjacent red base cells, hottest first, each with its peak cell, size, extent, worst risks and the crowded sites and major hazards in it",
                     tag: "Risk grid", query: ["limit", "area", "at"],
                     responses: [200: "a GeoJSON FeatureCollection of points (each hot spot's peak cell centre)", 400: "a bad limit or area", 404: "no grid yet"]) { [self] request, _, worker in
                let limit = try Self.limit(request)
                let areaID = try request.query["area"].map { text -> Int64 in
                    guard let id = Int64(text) else { throw HTTPError(.badRequest, "area must be an area's id (see /areas)") }
                    return id
                }
                return try answer("hotspots/\(limit)/\(areaID.map(String.init) ?? "")", request, worker) { at, grid in
                    let area = try areaID.map { id in
                        guard let a = try worker.reader.connection.areas().first(where: { $0.id == id }) else {
                            throw HTTPError(.badRequest, "no area \(id) (see /areas)")
                        }
                        return a.shape
                    }
                    let g = try grid()
                    let spots = try g.hotspots(limit: limit, within: area, at: at)
                    var w = JSONWriter()
                    w.raw("{\"type\":\"FeatureCollection\",\"features\":")
                    w.array(Array(spots.enumerated())) { w, e in Self.write(e.element, rank: e.offset + 1, grid: g, into: &w) }
                    w.raw("}")
                    return w
                }
            },
            Endpoint(method: .get, pattern: "/areas", summary: "Per-area figures for every area of a level: enterprises by colour, risks by level, pipeline km, sites, hottest cells",
                     tag: "Risk grid", query: ["level", "at"],
                     responses: [200: "the areas", 400: "unknown level", 404: "no grid yet"]) { [self] request, _, worker in
                let level = request.query["level"] ?? "district"
                guard Catalog.areaLevels.contains(level) else {
                    throw HTTPError(.badRequest, "level must be one of \(Catalog.areaLevels.joined(separator: ", "))")
                }
                return try answer("areas/\(level)", request, worker) { at, grid in
                    var w = JSONWriter()
                    let all = try figures.summaries(level: level, at: at, hottest: 5, reader: worker.reader, grid: grid)
                    w.raw("{\"areas\":")
                    let g = try grid()
                    w.array(all) { w, a in Self.write(a, grid: g, into: &w) }
                    w.byte(UInt8(ascii: "}"))
                    return w
                }
            },
            Endpoint(method: .get, pattern: "/areas/{areaId}/summary", summary: "One area's figures: enterprises by colour, risks by level, pipeline km, sites, hottest cells",
                     tag: "Risk grid", query: ["at"], responses: [200: "the summary", 404: "no such area, or no grid yet"]) { [self] request, _, worker in
                guard let id = request.parameters["areaId"].flatMap({ Int64($0) }) else { throw HTTPError(.notFound, "area ids are whole numbers") }
                return try answer("area/\(id)", request, worker) { at, grid in
                    var w = JSONWriter()
                    let summary = try figures.summary(areaID: id, at: at, hottest: 10, reader: worker.reader, grid: grid)
                    Self.write(summary, grid: try grid(), into: &w)
                    return w
                }
            },
        ]
    }

    /// `limit=` for hot spots: 10 by default, at most `GridQuery.maxHotspots`.
    private static func limit(_ request: Request) throws -> Int {
        guard let text = request.query["limit"] else { return 10 }
        guard let n = Int(text), (1...GridQuery.maxHotspots).contains(n) else {
            throw HTTPError(.badRequest, "limit must be a whole number from 1 to \(GridQuery.maxHotspots)")
        }
        return n
    }

    /// One hot spot as a GeoJSON point feature at its peak cell's centre.
    static func write(_ h: GridHotspot, rank: Int, grid: GridQuery, into w: inout JSONWriter) {
        w.raw("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":")
        w.numbers([h.centre.x, h.centre.y])
        w.raw("},\"properties\":{\"rank\":")
        w.number(Int64(rank))
        w.raw(",\"cells\":")
        w.number(Int64(h.cells))
        w.raw(",\"bbox\":")
        w.numbers([h.bbox.minX, h.bbox.minY, h.bbox.maxX, h.bbox.maxY])
        w.raw(",")
        grid.writeProperties(h.peak, into: &w)
        let hazards = h.explanation.contributions.filter { $0.level != nil }
        w.raw(",\"worst_risks\":")
        w.array(Array(hazards.prefix(5))) { w, c in
            w.raw("{\"layer\":")
            w.string(c.layer)
            w.raw(",\"id\":")
            w.number(c.id)
            w.raw(",\"level\":")
            w.string(c.level?.rawValue ?? "")
            w.raw(",\"hazard\":")
            w.number(c.sums.hazard)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw(",\"major_hazard_ids\":")
        w.array(hazards.filter { $0.level == .major }) { w, c in w.number(c.id) }
        w.raw(",\"site_ids\":")
        w.array(h.explanation.contributions.filter { $0.layer == Catalog.sites.name }) { w, c in w.number(c.id) }
        w.raw("}}")
    }

    static func write(_ e: GridExplanation, grid: GridQuery, into w: inout JSONWriter) {
        w.raw("{\"cell\":{")
        grid.writeProperties(e.cell, into: &w)
        w.raw("},\"corners\":")
        w.positions(e.corners)
        w.raw(",\"contributions\":")
        w.array(e.contributions) { w, c in
            w.raw("{\"layer\":")
            w.string(c.layer)
            w.raw(",\"id\":")
            w.number(c.id)
            w.raw(",\"level\":")
            if let l = c.level { w.string(l.rawValue) } else { w.raw("null") }
            w.raw(",\"radius_m\":")
            if let r = c.radius { w.number(r) } else { w.raw("null") }
            w.raw(",\"distance_m\":")
            if let d = c.distance { w.number((d * 10).rounded() / 10) } else { w.raw("null") }
            w.raw(",\"hazard\":")
            w.number(c.sums.hazard)
            w.raw(",\"exposure\":")
            w.number(c.sums.exposure)
            w.raw(",\"pipeline_m\":")
            w.number(Double(c.sums.sums[CellSums.pipelineLane]) / 1000)
            w.byte(UInt8(ascii: "}"))
        }
        let t = e.total
        w.raw(",\"total\":{\"hazard\":")
        w.number(t.hazard)
        w.raw(",\"exposure\":")
        w.number(t.exposure)
        w.raw("}}")
    }

    /// An area answer from the cache, or made by `make` (with the instant asked and the worker's grid) and
    /// kept: every instant of one stretch between window edges has the same figures until a write.
    private func answer(_ key: String, _ request: Request, _ worker: Worker,
                        _ make: (Int64, () throws -> GridQuery) throws -> JSONWriter) throws -> Response {
        let version = figures.generation
        let at = try Self.instant(request)
        let period = try worker.reader.snapshot { _ in try worker.grid().period(at: at) }
        return try answers.answer(key + "@" + period, version: version) { json(try make(at, worker.grid), request) }
    }

    static func write(_ a: AreaSummary, grid: GridQuery, into w: inout JSONWriter) {
        w.raw("{\"id\":")
        w.number(a.id)
        w.raw(",\"name\":")
        w.string(a.name)
        w.raw(",\"level\":")
        w.string(a.level)
        w.raw(",\"enterprises\":")
        w.object(RiskColour.allCases) { w, c in
            w.key(c.rawValue)
            w.number(Int64(a.enterprisesByColour[c] ?? 0))
        }
        w.raw(",\"risks\":")
        w.object(RiskLevel.allCases) { w, l in
            w.key(l.rawValue)
            w.number(Int64(a.risksByLevel[l] ?? 0))
        }
        w.raw(",\"pipeline_km\":")
        w.number((a.pipelineKm * 1000).rounded() / 1000)
        w.raw(",\"sites\":")
        w.number(Int64(a.sites))
        w.raw(",\"cells\":{\"level\":")
        w.number(Int64(a.cellsByClass.level))
        for c in RiskColour.allCases {
            w.raw(",")
            w.key(c.rawValue)
            w.number(Int64(a.cellsByClass.byClass[c] ?? 0))
        }
        w.raw("},\"hottest\":")
        w.array(a.hottestCells) { w, c in
            w.byte(UInt8(ascii: "{"))
            grid.writeProperties(c, into: &w)
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "}"))
    }
}
