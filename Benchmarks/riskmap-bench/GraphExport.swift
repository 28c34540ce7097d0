import Foundation
import GeoKit
import RoadNetwork
import Routing
import Store

/// The road graph as riskmap routes on it, for a peer (Benchmarks/peers/pgrouting.sh): `edges.csv` (id, source,
/// target, cost = metres, reverse_cost = metres or -1 for one-way), and `pairs.csv`: 200 random node pairs (seeded)
/// with riskmap's shortest route length between them and its time in process.
struct GraphExport {
    let path: String
    let dir: String
    static let pairs = 200

    func run() throws {
        let store = try Store(path: path)
        let roads = try store.withWriterSnapshot { try NetworkLoader.roads($0) }
        let network = RoutingNetwork(roads: roads, hazards: [])
        let g = network.graph
        var edges = "id,source,target,cost,reverse_cost\n"
        for e in g.edges() {
            edges += "\(e.road),\(e.from),\(e.to),\(e.metres),\(e.twoWay ? e.metres : -1)\n"
        }
        try edges.write(toFile: "\(dir)/edges.csv", atomically: true, encoding: .utf8)
        var seed: UInt64 = 17
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        var out = "source,target,riskmap_m,riskmap_ms\n"
        var done = 0
        while done < Self.pairs {
            let a = next(g.nodes.count), b = next(g.nodes.count)
            guard a != b else { continue }
            var q = RouteQuery(waypoints: [g.nodes[a], g.nodes[b]], at: 0)
            q.preference = .shortest
            let t0 = Harness.now()
            guard let route = try? network.route(q).route else { continue }
            let ms = (Harness.now() - t0) * 1000
            out += "\(a),\(b),\(route.metres),\(ms)\n"
            done += 1
        }
        try out.write(toFile: "\(dir)/pairs.csv", atomically: true, encoding: .utf8)
        print("graph: \(g.roadCount) roads, \(g.nodes.count) nodes → \(dir)/edges.csv; \(Self.pairs) pairs → \(dir)/pairs.csv")
    }
}
