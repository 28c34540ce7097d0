import GeoKit
import HTTP
import RoadNetwork
import Routing

/// Routes for responders that keep out of hazard zones (the draft OGC API – Routes' shape): `POST /routes`
/// with the whole request in its body, `GET /route` as the short form. The network is the store's
/// `RoadNetwork`, rebuilt by the first route after a change to the roads or the hazards.
struct RouteRoutes: RouteCollection {
    let network: RoadNetwork
    /// Searches run at once (`RoutingSlots`): the rest are answered 503 at once.
    let slots: RoutingSlots

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .post, pattern: "/routes",
                     summary: "A road route through waypoints (a MultiPoint) keeping out of, or paying to cross, risk zones by level, active reports and the caller's obstacles; with the unconstrained route for comparison",
                     tag: "Routing", body: "application/json",
                     responses: [200: "the route as GeoJSON (status noRoute, naming the zones that block it, when none exists)",
                                 400: "a fault in the request, or a waypoint far from any road", 404: "no roads to route on",
                                 413: "a body over 4 MiB", 503: "every road search the server runs at once is busy (Retry-After)"]) { [self] request, _, _ in
                guard request.body.count <= RouteRequest.maxBodyBytes else {
                    throw HTTPError(.payloadTooLarge, "a route request's body is \(request.body.count) bytes; at most \(RouteRequest.maxBodyBytes) (4 MiB)")
                }
                return try answer(try RouteRequest.query(json: request.body), request)
            },
            Endpoint(method: .get, pattern: "/route", summary: "The short form of POST /routes: from, vias, to and the risk levels to avoid",
                     tag: "Routing", query: ["from", "via", "to", "avoid", "avoid_mode", "preference", "hazmat", "at"],
                     responses: [200: "the route as GeoJSON (status noRoute, naming the zones that block it, when none exists)",
                                 400: "a fault in the request, or a point far from any road", 404: "no roads to route on", 503: "every road search the server runs at once is busy (Retry-After)"]) { [self] request, _, _ in
                guard let from = request.query["from"], let to = request.query["to"] else {
                    throw HTTPError(.badRequest, "/route needs from=lon,lat and to=lon,lat")
                }
                let vias = try RouteRequest.vias(request.query["via"] ?? "", name: "via")
                var q = RouteQuery(waypoints: [try RouteRequest.point(from, name: "from")] + vias + [try RouteRequest.point(to, name: "to")],
                                   at: try RouteRequest.instant(request.query["at"]))
                q.avoidLevels = try RouteRequest.levels(request.query["avoid"] ?? "")
                if let m = request.query["avoid_mode"] { q.banHazards = try RouteRequest.banHazards(m) }
                if let p = request.query["preference"] { q.preference = try RouteRequest.preference(p) }
                if let h = request.query["hazmat"] { q.hazmat = try RouteRequest.flag(h, name: "hazmat") }
                return try answer(q, request)
            },
            Endpoint(method: .get, pattern: "/isochrone",
                     summary: "The areas reached by road within some minutes from a point, or from every fire station at once, avoiding risk zones as routes do",
                     tag: "Routing", query: ["from", "minutes", "avoid", "avoid_mode", "at"],
                     responses: [200: "a GeoJSON FeatureCollection of MultiPolygons, one per time, the longest first",
                                 400: "a fault in the request, or no source near a road", 404: "no roads to route on", 503: "every road search the server runs at once is busy (Retry-After)"]) { [self] request, _, _ in
                guard let from = request.query["from"] else { throw HTTPError(.badRequest, "/isochrone needs from=lon,lat or from=fire_stations") }
                let point = from == "fire_stations" ? nil : try RouteRequest.point(from, name: "from")
                var q = RouteQuery(waypoints: [], at: try RouteRequest.instant(request.query["at"]))
                q.avoidLevels = try RouteRequest.levels(request.query["avoid"] ?? "")
                if let m = request.query["avoid_mode"] { q.banHazards = try RouteRequest.banHazards(m) }
                let minutes = try RouteRequest.minutes(request.query["minutes"] ?? "5")
                let (isochrones, reached) = try slots.run {
                    try network.current().isochrones(from: try point.map { [$0] } ?? network.fireStations().map(\.point), minutes: minutes, q)
                }
                var w = JSONWriter(capacity: 64 * 1024)
                IsochroneGeoJSON.write(isochrones, sources: reached, into: &w)
                return json(w, request, contentType: "application/geo+json")
            },
        ]
    }

    private func answer(_ q: RouteQuery, _ request: Request) throws -> Response {
        let a = try slots.run { try network.current().route(q) }
        // Room for a typical answer (30–40 KB: two lines of a few hundred points), so the text is not copied as it grows.
        var w = JSONWriter(capacity: 64 * 1024)
        RouteGeoJSON.write(a, q, into: &w)
        return json(w, request, contentType: "application/geo+json")
    }
}
