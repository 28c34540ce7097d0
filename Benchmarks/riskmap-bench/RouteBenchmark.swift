import Foundation
import GeoKit
import RiskGrid
import RoadNetwork
import Routing
import Store

/// Routes on the demo city's roads: the network's build (roads and hazards read through Store's scans, the
/// CSR graph, the segment index, hazards laid onto the roads) and its size, then whole route answers
/// (snapping, the unconstrained search, the constrained one, the zones named) between random road nodes,
/// with no zone, 50 random circles (penalised, then closed) and the major and significant risks' zones; and
/// 5-minute isochrones from one node and from every fire station at once.
struct RouteBenchmark {
    let path: String

    static func residentBytes() -> Int {
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        return (Int(statm.split(separator: " ").dropFirst().first ?? "0") ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    func run() throws {
        let store = try Store(path: path)
        let rss0 = Self.residentBytes()
        var t0 = Harness.now()
        let roads = try store.withWriterSnapshot { try NetworkLoader.roads($0) }
        let hazards = try store.withWriterSnapshot { try NetworkLoader.hazards($0) }
        let read = Harness.now() - t0
        t0 = Harness.now()
        let network = RoutingNetwork(roads: roads, hazards: hazards)
        let built = Harness.now() - t0
        let rss1 = Self.residentBytes()
        let g = network.graph
        print("### Routing network (\((path as NSString).lastPathComponent))\n")
        print("| roads | nodes | arcs | hazards | read (Store scans) | build (graph, index, hazards) | arrays | RSS growth |")
        print("|---|---|---|---|---|---|---|---|")
        print("| \(g.roadCount) | \(g.nodes.count) | \(g.arcCount) | \(hazards.count) | \(Harness.ms(read)) ms | \(Harness.ms(built)) ms | "
              + "\(network.memoryBytes >> 20) MiB | \((rss1 - rss0) >> 20) MiB |\n")

        var state: UInt64 = 7
        func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        let pairs = (0..<300).map { _ in (g.nodes[Int(unit() * Double(g.nodes.count))], g.nodes[Int(unit() * Double(g.nodes.count))]) }
        /// 50 circles of 200–1,000 m around the straight line between the ends, where they can matter.
        func circles(_ a: Coordinate, _ b: Coordinate, ban: Bool) -> [Zone] {
            (0..<50).map { i in
                let t = unit()
                let c = Coordinate(a.x + (b.x - a.x) * t + (unit() - 0.5) * 0.02, a.y + (b.y - a.y) * t + (unit() - 0.5) * 0.02)
                return Zone(.circle(center: c, radiusM: 200 + unit() * 800), ban: ban, label: "obstacle \(i)")
            }
        }
        let cases: [(String, (Int) -> RouteQuery)] = [
            ("no zone", { i in RouteQuery(waypoints: [pairs[i].0, pairs[i].1], at: 0) }),
            ("50 circles, penalty", { i in
                var q = RouteQuery(waypoints: [pairs[i].0, pairs[i].1], at: 0)
                q.obstacles = circles(pairs[i].0, pairs[i].1, ban: false)
                return q
            }),
            ("50 circles, closed", { i in
                var q = RouteQuery(waypoints: [pairs[i].0, pairs[i].1], at: 0)
                q.obstacles = circles(pairs[i].0, pairs[i].1, ban: true)
                return q
            }),
            ("avoid major,significant (penalty)", { i in
                var q = RouteQuery(waypoints: [pairs[i].0, pairs[i].1], at: Int64(Date().timeIntervalSince1970))
                q.avoidLevels = [0, 1]
                return q
            }),
        ]
        print("| request | routes | p50 | p99 | mean | no route | mean length |")
        print("|---|---|---|---|---|---|---|")
        for (name, make) in cases {
            let queries = (0..<pairs.count).map(make)
            var none = 0, metres = 0.0, found = 0
            let m = try Harness.measure(name, warmup: 20, runs: 280) { i in
                let a = try network.route(queries[i])
                guard let r = a.route else {
                    none += 1
                    return 0
                }
                found += 1
                metres += r.metres
                return r.line.count
            }
            print("| \(name) | \(m.samples.count) | \(Harness.ms(m.median)) ms | \(Harness.ms(m.p99)) ms | \(Harness.ms(m.mean)) ms | \(none) | "
                  + "\(String(format: "%.1f", metres / Double(max(found, 1)) / 1000)) km |")
        }
        print()

        let stations = try store.withWriterSnapshot { try NetworkLoader.fireStations($0).map(\.point) }
        print("| isochrone | runs | p50 | p95 | p99 |")
        print("|---|---|---|---|---|")
        let one = try Harness.measure("5 minutes", warmup: 5, runs: 100) { i in
            try network.isochrones(from: [pairs[i].0], minutes: [5], RouteQuery(waypoints: [], at: 0)).isochrones.count
        }
        var rows = [("5 minutes from a random node", one)]
        // An OpenStreetMap import of roads alone has no fire stations, hence no coverage either.
        if !stations.isEmpty {
            rows.append(("5 minutes from all \(stations.count) fire stations", try Harness.measure("stations", warmup: 1, runs: 10) { _ in
                try network.isochrones(from: stations, minutes: [5], RouteQuery(waypoints: [], at: 0)).sources
            }))
        }
        for (name, m) in rows {
            print("| \(name) | \(m.samples.count) | \(Harness.ms(m.median)) ms | \(Harness.ms(m.percentile(0.95))) ms | \(Harness.ms(m.p99)) ms |")
        }
        print()

        if !stations.isEmpty { try runCoverage(store) }
    }

    /// Coverage as /analysis/coverage computes it: the red and orange cells, the sites and every enterprise
    /// reached from all stations at once, read on one connection (the grid's cells, the sites, the enterprises).
    func runCoverage(_ given: Store? = nil) throws {
        let store = try given ?? Store(path: path)
        let roadNetwork = RoadNetwork(store: store)
        _ = try roadNetwork.current()
        var figures = ""
        let coverage = try Harness.measure("coverage", warmup: 1, runs: 10) { _ in
            try store.read { r in
                let c = try roadNetwork.coverage(minutes: 5, RouteQuery(waypoints: [], at: Int64(time(nil))), grid: try? GridQuery(reader: r),
                                                 db: r.connection, listEnterprises: true)
                figures = "\(c.stations.count) stations; \(c.cells.uncovered) of \(c.cells.total) red/orange cells, \(c.sites.uncovered) of "
                    + "\(c.sites.total) sites uncovered; \(c.enterprises.reached) of \(c.enterprises.total) enterprises reached"
                return c.siteGaps.count + c.gapAreas.count
            }
        }
        print("| coverage (5 minutes, every station, enterprises listed) | runs | p50 | p95 | p99 |")
        print("|---|---|---|---|---|")
        print("| \(figures) | \(coverage.samples.count) | \(Harness.ms(coverage.median)) ms | \(Harness.ms(coverage.percentile(0.95))) ms | \(Harness.ms(coverage.p99)) ms |")
        print()
    }
}