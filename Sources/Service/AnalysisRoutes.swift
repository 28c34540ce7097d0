import Analysis
import GeoKit
import HTTP
import Store

/// Nearby hazards over the `HazardIndex` every write keeps current: one multi-layer call for the viewer
/// (GET with a point, POST with a polygon) and OGC API – EDR radius and area queries on each indexed
/// collection. Reads, as /collections are: any caller who may read the layers may ask.
struct AnalysisRoutes: RouteCollection {
    let index: HazardIndex

    static let nearbyQuery = ["radius", "layers", "levels", "limit", "at"]

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/analysis/nearby",
                     summary: "Hazards near a point, nearest first, as GeoJSON: risk sources, risks, pipelines, active temporary reports, crowded sites; each with level, colour, geodesic distance, bearing, inside its impact radius or safety distance",
                     tag: "Analysis", query: ["lon", "lat"] + Self.nearbyQuery,
                     responses: [200: "a GeoJSON FeatureCollection with the query echoed", 400: "a parameter is wrong or over a limit"]) { [self] request, _, _ in
                let probe = try AnalysisInput.probe(try AnalysisInput.point(lon: request.query["lon"], lat: request.query["lat"]), name: "the point")
                return try nearby(probe, request)
            },
            Endpoint(method: .post, pattern: "/analysis/nearby",
                     summary: "Hazards near a parcel (a GeoJSON Polygon, MultiPolygon or Point, or a Feature of one), measured from its edge (0 inside), nearest first",
                     tag: "Analysis", query: Self.nearbyQuery, body: "application/geo+json",
                     responses: [200: "a GeoJSON FeatureCollection with the query echoed", 400: "the body or a parameter is wrong or over a limit"]) { [self] request, _, _ in
                try nearby(try AnalysisInput.probe(try AnalysisInput.geometry(body: request.body), name: "the body's geometry"), request)
            },
            Endpoint(method: .get, pattern: "/collections/{collectionId}/radius",
                     summary: "OGC API – EDR radius query: the collection's features within a distance of a WKT point, nearest first",
                     tag: "Analysis", query: ["coords", "within", "within-units", "datetime", "limit"],
                     responses: [200: "a GeoJSON FeatureCollection", 400: "a parameter is wrong or over a limit", 404: "no such collection, or it offers no radius queries"]) { [self] request, _, _ in
                let layer = try Self.edrLayer(request)
                let probe = try AnalysisInput.probe(try AnalysisInput.coords(request.query["coords"]), name: "coords")
                guard request.query["within"] != nil else { throw HTTPError(.badRequest, "within is needed (a distance, with within-units m or km)") }
                let unit: Double
                switch request.query["within-units"] ?? "" {
                case "m": unit = 1
                case "km": unit = 1_000
                default: throw HTTPError(.badRequest, "within-units must be m or km")
                }
                let radius = try AnalysisInput.radius(request.query["within"], default: 0, unit: unit, name: "within")
                return try answer(NearbyQuery(probe: probe, radius: radius, layers: [layer], limit: try AnalysisInput.limit(request.query["limit"]),
                                              at: try AnalysisInput.instant(request.query["datetime"], name: "datetime")), request)
            },
            Endpoint(method: .get, pattern: "/collections/{collectionId}/area",
                     summary: "OGC API – EDR area query: the collection's features meeting a WKT polygon",
                     tag: "Analysis", query: ["coords", "datetime", "limit"],
                     responses: [200: "a GeoJSON FeatureCollection", 400: "a parameter is wrong or over a limit", 404: "no such collection, or it offers no area queries"]) { [self] request, _, _ in
                let layer = try Self.edrLayer(request)
                let g = try AnalysisInput.coords(request.query["coords"])
                switch g {
                case .polygon, .multiPolygon: break
                default: throw HTTPError(.badRequest, "coords must be a POLYGON or MULTIPOLYGON for an area query, not a \(g.kind.name)")
                }
                return try answer(NearbyQuery(probe: try AnalysisInput.probe(g, name: "coords"), radius: 0, layers: [layer],
                                              limit: try AnalysisInput.limit(request.query["limit"]),
                                              at: try AnalysisInput.instant(request.query["datetime"], name: "datetime")), request)
            },
        ]
    }

    private func nearby(_ probe: Shape, _ request: Request) throws -> Response {
        let q = request.query
        return try answer(NearbyQuery(probe: probe, radius: try AnalysisInput.radius(q["radius"], default: 1_000),
                                      layers: try AnalysisInput.layers(q["layers"]), levels: try AnalysisInput.levels(q["levels"]),
                                      limit: try AnalysisInput.limit(q["limit"]), at: try AnalysisInput.instant(q["at"])), request)
    }

    private func answer(_ query: NearbyQuery, _ request: Request) throws -> Response {
        let result = try index.nearby(query)
        var w = JSONWriter(capacity: 16 * 1024)
        result.writeGeoJSON(into: &w)
        return json(w, request, contentType: "application/geo+json")
    }

    /// The indexed layer `{collectionId}` names; 404 for another layer, naming those that have EDR queries.
    static func edrLayer(_ request: Request) throws -> HazardLayer {
        let schema = try layer(request)
        guard let l = HazardLayer(rawValue: schema.name) else {
            throw HTTPError(.notFound, "\(schema.name) offers no EDR queries; \(HazardLayer.allCases.map(\.rawValue).joined(separator: ", ")) do")
        }
        return l
    }
}
