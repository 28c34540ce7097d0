import Foundation
import Analysis
import GeoKit
import RoadNetwork
import Routing
import Store

/// The road graph as riskmap routes on it, for a peer (Benchmarks/peers/pgrouting.sh): `edges.csv` (id, source,
/// target, cost = metres, reverse_cost = metres or -1 for one-way), and `pairs.csv`: 200 random node pairs (seeded)
/// with the nodes' coordinates (what an HTTP client sends riskmap), riskmap's shortest route length between them and
/// its time in process; `pairs-zones.csv`: the same with 50 closed circles of 200–1,000 m about the straight line
/// between the ends (none holding an end, where riskmap would only penalise), given as `lon:lat:radius` for the
/// HTTP client and as the roads they shut for the peer's edges SQL (-1 when no route is left).
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
        var out = "source,target,riskmap_m,riskmap_ms,from,to\n"
        var done = 0
        while done < Self.pairs {
            let a = next(g.nodes.count), b = next(g.nodes.count)
            guard a != b else { continue }
            var q = RouteQuery(waypoints: [g.nodes[a], g.nodes[b]], at: 0)
            q.preference = .shortest
            let t0 = Harness.now()
            guard let route = try? network.route(q).route else { continue }
            let ms = (Harness.now() - t0) * 1000
            out += "\(a),\(b),\(route.metres),\(ms),\(g.nodes[a].x):\(g.nodes[a].y),\(g.nodes[b].x):\(g.nodes[b].y)\n"
            done += 1
        }
        try out.write(toFile: "\(dir)/pairs.csv", atomically: true, encoding: .utf8)
        var zoned = "source,target,riskmap_m,riskmap_ms,from,to,circles,closed\n"
        var bodies: (free: [[UInt8]], zoned: [[UInt8]]) = ([], [])
        for line in out.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            let a = Int(f[0])!, b = Int(f[1])!
            let (p, q0) = (g.nodes[a], g.nodes[b])
            var zones: [Zone] = [], circles: [String] = [], bodyCircles: [(Coordinate, Double)] = []
            while zones.count < 50 {
                let t = Double(next(1_000_000)) / 1_000_000
                let c = Coordinate(p.x + (q0.x - p.x) * t + (Double(next(1_000_000)) / 1_000_000 - 0.5) * 0.02,
                                   p.y + (q0.y - p.y) * t + (Double(next(1_000_000)) / 1_000_000 - 0.5) * 0.02)
                let r = 200 + Double(next(800))
                // Leave out a circle within 1 km of an end: riskmap only penalises a closed zone holding a waypoint.
                guard Geodesic.inverse(c, p).distance > r + 1_000, Geodesic.inverse(c, q0).distance > r + 1_000 else { continue }
                zones.append(Zone(.circle(center: c, radiusM: r), ban: true, label: "obstacle \(zones.count)"))
                circles.append("\(c.x):\(c.y):\(r)")
                bodyCircles.append((c, r))
            }
            bodies.free.append(HandlerWork.body(from: p, to: q0, circles: []))
            bodies.zoned.append(HandlerWork.body(from: p, to: q0, circles: bodyCircles))
            var q = RouteQuery(waypoints: [p, q0], at: 0)
            q.preference = .shortest
            q.obstacles = zones
            let t0 = Harness.now()
            let answer = try? network.route(q)
            let ms = (Harness.now() - t0) * 1000
            let closed = Set(zones.flatMap { network.roads(meeting: $0) }).sorted()
            zoned += "\(a),\(b),\(answer?.route?.metres ?? -1),\(ms),\(f[4]),\(f[5]),\(circles.joined(separator: " ")),"
                + "\(closed.map(String.init).joined(separator: " "))\n"
        }
        try zoned.write(toFile: "\(dir)/pairs-zones.csv", atomically: true, encoding: .utf8)
        print("graph: \(g.roadCount) roads, \(g.nodes.count) nodes → \(dir)/edges.csv; \(Self.pairs) pairs → \(dir)/pairs.csv")
        // The same pairs as POST /routes bodies, handled in process as the server's handler handles them.
        let work = HandlerWork(network: network)
        print("\n| POST /routes work in process | requests | body read p50 | route p50 | GeoJSON p50 | all p50 / p99 | answer |")
        print("|---|---|---|---|---|---|---|")
        print(HandlerWork.row("unconstrained", try work.run(bodies.free, rounds: 3)))
        print(HandlerWork.row("50 closed circles", try work.run(bodies.zoned, rounds: 3)))
    }
}
