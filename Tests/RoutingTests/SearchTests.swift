import Dispatch
import GeoKit
import Routing
import Synchronization
import Testing
import TestSupport

/// The searches against a plain one-directional Dijkstra over the same roads, on random lattices with one-way
/// streets, missing links and mixed speeds: A* with landmarks (no zone), and bidirectional Dijkstra (a
/// penalty over every road, which raises them all alike and leaves the fastest path as it was).
@Suite struct SearchTests {
    @Test func bidirectionalSearchMatchesPlainDijkstra() throws {
        var rng = SplitMix64(seed: 17)
        for _ in 0..<20 {
            var l = Lattice()
            let n = 8
            for i in 0..<n { for j in 0..<n {
                for (di, dj) in [(1, 0), (0, 1)] where i + di < n && j + dj < n && rng.int(10) > 1 {
                    let forward = rng.int(2) == 0
                    let a = (i, j), b = (i + di, j + dj)
                    l.road(forward ? a : b, forward ? b : a, speed: rng.uniform(10, 80), oneway: rng.int(4) == 0)
                }
            } }
            let net = l.network()
            for _ in 0..<10 {
                let s = (rng.int(n), rng.int(n)), t = (rng.int(n), rng.int(n))
                let expected = Self.dijkstra(l.roads, from: Lattice.node(s.0, s.1), to: Lattice.node(t.0, t.1))
                let from = Lattice.node(s.0, s.1), to = Lattice.node(t.0, t.1)
                var everywhere = RouteQuery(waypoints: [from, to], at: 0)
                everywhere.obstacles = [Zone(.circle(center: Lattice.node(4, 4), radiusM: 9_000), ban: false, label: "all")]
                for q in [RouteQuery(waypoints: [from, to], at: 0), everywhere] {
                    guard let answer = try? net.route(q) else { continue }
                    if let expected {
                        let route = try #require(answer.route)
                        #expect(abs(route.seconds - expected) < 1e-6 * max(expected, 1) + 0.01)
                    } else {
                        #expect(answer.route == nil)
                    }
                }
            }
        }
    }

    /// Searches on one network from several threads at once (each takes its own search state) find what they find
    /// one after another.
    @Test func concurrentRoutesMatchSequentialOnes() throws {
        var rng = SplitMix64(seed: 5)
        var l = Lattice()
        let n = 10
        for i in 0..<n { for j in 0..<n {
            for (di, dj) in [(1, 0), (0, 1)] where i + di < n && j + dj < n && rng.int(10) > 0 {
                l.road((i, j), (i + di, j + dj), speed: rng.uniform(10, 80), oneway: rng.int(5) == 0)
            }
        } }
        let net = l.network()
        let queries = (0..<40).map { k in
            var q = RouteQuery(waypoints: [Lattice.node(rng.int(n), rng.int(n)), Lattice.node(rng.int(n), rng.int(n))], at: 0)
            if k % 2 == 1 { q.obstacles = [Zone(.circle(center: Lattice.node(rng.int(n), rng.int(n)), radiusM: 1_500), ban: true, label: "z")] }
            return q
        }
        let expected = queries.map { try? net.route($0).route?.seconds }
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            for k in 0..<queries.count * 5 {
                let i = (k * 7 + t * 13) % queries.count
                if (try? net.route(queries[i]).route?.seconds) != expected[i] { mismatches.withLock { $0 += 1 } }
            }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }

    /// Seconds of the fastest path between two nodes, by Dijkstra with a linear scan for the minimum.
    static func dijkstra(_ roads: [RoadInput], from: Coordinate, to: Coordinate) -> Double? {
        var arcs: [Coordinate: [(Coordinate, Double)]] = [:]
        for r in roads {
            let a = r.line.first!, b = r.line.last!
            let s = LocalMetres(latitude: a.y).distance(a, b) / (r.speedKmh / 3.6)
            arcs[a, default: []].append((b, s))
            if !r.oneway { arcs[b, default: []].append((a, s)) }
        }
        var dist = [from: 0.0]
        var done = Set<Coordinate>()
        while let (u, d) = dist.filter({ !done.contains($0.key) }).min(by: { $0.value < $1.value }) {
            if u == to { return d }
            done.insert(u)
            for (v, c) in arcs[u] ?? [] where d + c < dist[v] ?? .infinity { dist[v] = d + c }
        }
        return nil
    }
}
