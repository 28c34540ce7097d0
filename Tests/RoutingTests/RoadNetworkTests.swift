import Foundation
import GeoKit
import RoadNetwork
import Routing
import Store
import Testing

/// The network over a real database in a temporary directory: built from the roads layer, and rebuilt for
/// the next route after an edit (roads) or with new hazards (risks).
@Suite struct RoadNetworkTests {
    final class Database {
        let directory: URL
        let store: Store

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-routing-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            store = try Store(path: directory.appendingPathComponent("db.sqlite").path, create: true)
        }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    /// A database holding the corridor's roads (`Lattice.corridor()`), with their ids in order.
    static func corridor() throws -> (db: Database, ids: [Int64]) {
        let db = try Database()
        let lattice = Lattice.corridor()
        var ids: [Int64] = []
        try db.store.write(WriteContext(actor: "test")) { tx in
            for i in lattice.roads.indices { ids.append(try tx.insert(Self.road(lattice, i), into: Catalog.roads).id!) }
        }
        return (db, ids)
    }

    static func road(_ l: Lattice, _ i: Int) -> Feature {
        let r = l.roads[i]
        return Feature(geometry: .lineString(r.line), properties: ["name": .text(r.name!), "class": "residential",
                                                                  "speed_kmh": .real(r.speedKmh), "oneway": r.oneway ? 1 : 0])
    }

    /// Levels are a set: written in any order or twice, the same request (and the same coverage tile cache entry).
    @Test func levelsAreReadAsASet() throws {
        #expect(try RouteRequest.levels("significant,major,significant") == [0, 1])
        #expect(try RouteRequest.levels("较大,重大") == RouteRequest.levels("major,significant"))
        #expect(throws: RoutingError.self) { try RouteRequest.levels("major,purple") }
        let body = #"{"waypoints":{"type":"MultiPoint","coordinates":[[120,31],[120.02,31]]},"avoid":["significant","major","major"]}"#
        #expect(try RouteRequest.query(json: Array(body.utf8)).avoidLevels == [0, 1])
    }

    /// Isochrones from every fire station where there are none say so, not that no station lies near a road.
    @Test func noFireStationsIsSaid() throws {
        let (db, _) = try Self.corridor()
        let network = RoadNetwork(store: db.store)
        #expect(throws: RoutingError.badInput("there are no fire stations (resources of kind fire_station…)")) {
            try network.current().isochrones(from: try network.fireStations().map(\.point), minutes: [5], RouteQuery(waypoints: [], at: 0))
        }
    }

    @Test func aRoadEditChangesTheNextRoute() throws {
        let (db, ids) = try Self.corridor()
        let lattice = Lattice.corridor()
        let network = RoadNetwork(store: db.store)
        db.store.follow(network)
        let q = RouteQuery(waypoints: [Lattice.node(0, 0), Lattice.node(2, 0)], at: 0)
        #expect(try network.current().route(q).route?.roads == ["West Street", "East Street"])
        // East Street closed (deleted): the next route takes the detour.
        try db.store.write(WriteContext(actor: "test")) { tx in _ = try tx.delete(ids[1], from: Catalog.roads) }
        #expect(try network.current().route(q).route?.roads == ["North Lane", "Back Lane"])
        // Open again (a new feature): back on the corridor.
        try db.store.write(WriteContext(actor: "test")) { tx in _ = try tx.insert(Self.road(lattice, 1), into: Catalog.roads) }
        #expect(try network.current().route(q).route?.roads == ["West Street", "East Street"])
        // West Street made one-way against the trip: the detour again.
        try db.store.write(WriteContext(actor: "test")) { tx in
            var west = Self.road(lattice, 0)
            west.geometry = .lineString(lattice.roads[0].line.reversed())
            west.properties["oneway"] = 1
            _ = try tx.update(ids[0], in: Catalog.roads, with: west, merge: false)
        }
        #expect(try network.current().route(q).route?.roads == ["North Lane", "Back Lane"])
    }

    @Test func aNewMajorRiskIsAvoidedByTheNextRoute() throws {
        let (db, _) = try Self.corridor()
        let network = RoadNetwork(store: db.store)
        db.store.follow(network)
        var q = RouteQuery(waypoints: [Lattice.node(0, 0), Lattice.node(2, 0)], at: 0)
        q.avoidLevels = [0]
        #expect(try network.current().route(q).route?.roads == ["West Street", "East Street"])
        let site = Lattice.node(1, 0)
        try db.store.write(WriteContext(actor: "test")) { tx in
            let source = try tx.insert(Feature(geometry: .point(site), properties: ["name": "Works", "sector": "hazardous_chemicals",
                                                                                   "safety_distance_m": 150.0]), into: Catalog.riskSources)
            _ = try tx.insert(Feature(geometry: .point(site), properties: ["source_id": .integer(source.id!), "name": "Tank farm",
                                                                          "level": "major"]), into: Catalog.risks)
        }
        let a = try network.current().route(q)
        #expect(a.route?.roads == ["North Lane", "Back Lane"])
        #expect(a.changedBy.count == 1 && a.changedBy[0].hasPrefix("risks/"))
    }
}
