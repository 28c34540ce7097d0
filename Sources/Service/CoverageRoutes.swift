import GeoKit
import HTTP
import RiskGrid
import RoadNetwork
import Routing
import Store

/// Fire-station coverage for command centres and planners: what no station reaches in time (`RoadNetwork`'s
/// coverage), over the worker's own read connection and grid.
struct CoverageRoutes: RouteCollection {
    let network: RoadNetwork
    let slots: RoutingSlots

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/analysis/coverage",
                     summary: "Fire-station coverage: the grid cells of the two highest classes and the crowded sites no fire station reaches by road within some minutes (5 by default, GB 51080-2015), each with the time it is reached in; per station the enterprises and sites it reaches first; enterprises=true lists every enterprise with its first station",
                     tag: "Routing", query: ["minutes", "avoid", "avoid_mode", "at", "enterprises"],
                     responses: [200: "a GeoJSON FeatureCollection of the gaps, with the figures in its coverage member",
                                 400: "a fault in the request, or no fire stations", 404: "no roads to route on", 503: "every road search the server runs at once is busy (Retry-After)"]) { [self] request, _, worker in
                let (minutes, q) = try Self.parameters(request)
                let list = try request.query["enterprises"].map { try RouteRequest.flag($0, name: "enterprises") } ?? false
                let grid: GridQuery?
                do { grid = try worker.grid() } catch is GridError { grid = nil }
                let c = try slots.run { try network.coverage(minutes: minutes, q, grid: grid, db: worker.reader.connection, listEnterprises: list) }
                var w = JSONWriter(capacity: 64 * 1024)
                CoverageGeoJSON.write(c, into: &w)
                return json(w, request, contentType: "application/geo+json")
            },
        ]
    }

    /// `minutes` (one number, 5 when not given), `avoid`, `avoid_mode` and `at`, as coverage reads them.
    static func parameters(_ request: Request) throws -> (minutes: Double, query: RouteQuery) {
        var q = RouteQuery(waypoints: [], at: try RouteRequest.instant(request.query["at"]))
        q.avoidLevels = try RouteRequest.levels(request.query["avoid"] ?? "")
        if let m = request.query["avoid_mode"] { q.banHazards = try RouteRequest.banHazards(m) }
        let minutes = try RouteRequest.minutes(request.query["minutes"] ?? "5")
        guard minutes.count == 1 else { throw HTTPError(.badRequest, "minutes must be one number for coverage; got \(minutes.count)") }
        return (minutes[0], q)
    }
}
