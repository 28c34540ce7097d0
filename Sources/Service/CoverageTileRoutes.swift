import GeoKit
import HTTP
import RiskGrid
import RoadNetwork
import Routing
import Store
import Synchronization
import VectorTiles

/// Fire-station coverage as vector tiles for the command centre's map: layer `coverage` with the outlines of the
/// red and orange cells no station reaches in time (`kind` cells, `colour`, `cells`) and the crowded sites none
/// reaches (`kind` site, `name`, `category`, `seconds` when reached later). A coverage of the whole city takes about
/// a second at suzhou scale, so one is worked out per minutes, avoidance and minute of `at`, and kept for the
/// tiles that follow until the next write (`KeptCoverage`).
struct CoverageTileRoutes: RouteCollection {
    let network: RoadNetwork
    let kept: KeptCoverage
    let slots: RoutingSlots

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/tiles/analysis/coverage/{z}/{x}/{y}",
                     summary: "Fire-station coverage gaps as a Mapbox Vector Tile (layer coverage): /tiles/analysis/coverage/12/3421/1672.mvt?minutes=5&avoid=&avoid_mode=&at=",
                     tag: "Tiles", query: ["minutes", "avoid", "avoid_mode", "at"],
                     responses: [200: "the tile", 204: "no gap in this tile", 400: "z/x/y out of range, or a fault in the parameters",
                                 404: "no roads to route on", 503: "every road search the server runs at once is busy (Retry-After)"]) { [self] request, _, worker in
                let tile = try AnalysisTileRoutes.tileID(request)
                var (minutes, q) = try CoverageRoutes.parameters(request)
                q.at -= q.at % 60
                let key = "\(minutes) \(q.avoidLevels) \(q.banHazards) \(q.at)"
                let c = try kept.coverage(key) {
                    let grid: GridQuery?
                    do { grid = try worker.grid() } catch is GridError { grid = nil }
                    return try slots.run(waitSeconds: 5) { try network.coverage(minutes: minutes, q, grid: grid, db: worker.reader.connection, listEnterprises: false) }
                }
                let bytes = Self.tile(c, tile)
                guard !bytes.isEmpty else { return Response(status: .noContent) }
                return Response(status: .ok, headers: ["Content-Type": "application/vnd.mapbox-vector-tile", "Cache-Control": "no-cache"], body: bytes)
                    .withContentETag()
            },
        ]
    }

    static func tile(_ c: Coverage, _ tile: TileID) -> [UInt8] {
        var t = AnalysisTile(tile, layer: "coverage")
        let box = tile.bbox
        for (n, gap) in c.gapAreas.enumerated() {
            for polygon in gap.polygons where Geometry.polygon(polygon).bbox.intersects(box) {
                t.add(polygon, kind: .polygon, id: UInt64(n + 1), [("kind", .string("cells")), ("colour", .string(gap.colour.rawValue)),
                                                                  ("cells", .int(Int64(gap.cells))), ("minutes", .double(c.minutes))])
            }
        }
        for site in c.siteGaps where site.geometry.bbox.intersects(box) {
            let point = LabelPoint.of(site.geometry) ?? site.geometry.bbox.center
            var properties: [(key: String, value: PropertyValue)] = [("kind", .string("site")), ("id", .int(site.id)), ("minutes", .double(c.minutes))]
            if let name = site.name { properties.append(("name", .string(name))) }
            if let category = site.detail { properties.append(("category", .string(category))) }
            if let seconds = site.arrival?.seconds { properties.append(("seconds", .double(seconds.rounded()))) }
            t.add([[point]], kind: .point, id: UInt64(site.id), properties)
        }
        return t.bytes
    }
}

/// The coverages the tiles were drawn from, by their parameters, until the next write to the database (or
/// another process's commit): a handful at most. The dozen tiles a map asks at once wait for the first to work
/// its coverage out and take it, rather than each working out the same one (`KeptByKey`).
final class KeptCoverage: Follower, Sendable {
    private let kept = KeptByKey<Coverage>(most: 4, waitSeconds: 5)
    private let commits: ExternalCommits

    init(store: Store) {
        commits = ExternalCommits(store: store)
    }

    func coverage(_ key: String, _ work: () throws -> Coverage) throws -> Coverage {
        if commits.changedSinceLastLook() { kept.forget() }
        return try kept.value(key, work)
    }

    func follow(_ changes: ChangeSet, _ db: Connection) {
        kept.forget()
    }
}
