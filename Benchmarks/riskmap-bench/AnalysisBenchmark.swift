import Analysis
import Foundation
import GeoKit
@_spi(RawSQL) import Store

/// The planners' analyses in process over the nearby index (`HazardIndex`): its build, nearby within 2 km (top
/// 50), site checks, and the high-consequence areas of every gas pipeline, at random points near the city's
/// middle (seeded); then one pipeline's pressure edited and the areas asked again.
struct AnalysisBenchmark {
    let path: String

    func run() throws {
        let store = try Store(path: path)
        let index = HazardIndex(store: store)
        store.follow(index)
        let rss0 = RouteBenchmark.residentBytes()
        let t0 = Harness.now()
        let items = try index.warm()
        let built = Harness.now() - t0
        let rss1 = RouteBenchmark.residentBytes()
        let now = Timestamp.now()
        var seed: UInt64 = 7
        func next() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        let points = (0..<200).map { _ in Coordinate(120.62 + (next() - 0.5) * 0.3, 31.31 + (next() - 0.5) * 0.3) }
        print("### Analyses (\((path as NSString).lastPathComponent)): \(items) items indexed in \(Harness.ms(built)) ms, "
              + "the follower's resident growth \((rss1 - rss0) >> 20) MiB")
        print()
        print("| request | runs | p50 | p99 |")
        print("|---|---|---|---|")
        let nearby = try Harness.measure("nearby", warmup: 10, runs: 200) { i in
            try index.nearby(NearbyQuery(probe: Shape(.point(points[i % points.count])), radius: 2_000, limit: 50, at: now)).hits.count
        }
        var bytes = 0
        let nearbyJSON = try Harness.measure("nearby GeoJSON", warmup: 10, runs: 200) { i in
            let r = try index.nearby(NearbyQuery(probe: Shape(.point(points[i % points.count])), radius: 2_000, limit: 50, at: now))
            var w = JSONWriter(capacity: 16 * 1024)
            r.writeGeoJSON(into: &w)
            bytes = w.bytes.count
            return r.hits.count
        }
        let check = try Harness.measure("site check", warmup: 10, runs: 200) { i in
            try index.siteCheck(site: Shape(.point(points[i % points.count])), use: "school", at: now).reasons.count
        }
        var stretches = 0
        let hca = try Harness.measure("hca", warmup: 1, runs: 10) { _ in
            stretches = try index.pipelineHCAs(at: now).count
            return stretches
        }
        let pipeline = try store.read { try $0.connection.scalar("SELECT min(fid) FROM pipelines WHERE kind IN ('gas_transmission','city_gas')").intValue } ?? 1
        var pressure = 4.0
        let edit = try Harness.measure("edit", warmup: 1, runs: 20) { _ in
            pressure = pressure == 4.0 ? 6.3 : 4.0
            _ = try store.write(WriteContext(actor: "bench")) {
                try $0.update(pipeline, in: Catalog.pipelines, with: Feature(geometry: nil, properties: ["maop_mpa": .real(pressure)]), merge: true)
            }
            return try index.pipelineHCAs(at: now).count
        }
        for (name, m) in [("nearby, 2 km, top 50", nearby), ("the same with its GeoJSON written (the last \(bytes / 1024) KB)", nearbyJSON), ("site check (school)", check),
                          ("high-consequence areas of every gas pipeline (\(stretches) stretches)", hca),
                          ("one pipeline's pressure edited (write + follower), then every pipeline's areas again", edit)] {
            print("| \(name) | \(m.samples.count) | \(Harness.ms(m.median)) ms | \(Harness.ms(m.p99)) ms |")
        }
        print()
    }
}
