import DemoCity
import Foundation
import GeoKit
import RiskGrid
import RiskModel
import Store

/// riskmap's benchmarks. Run from the repository root with a release build:
///
///     swift run -c release riskmap-bench [demo|bbox|grid|tiles|route|coverage|analysis|plans|graph-export|all] [--scales city,suzhou] [--dir DIR]
///         [--postgis "host=127.0.0.1 port=55432 user=postgres dbname=riskmap"]   (tiles: the PostGIS peer,
///         loaded by Benchmarks/peers/postgis.sh from the same database)
///         [--layers risks,sites,pipelines]   (tiles: the composite drawn)
///
/// Each benchmark prints Markdown rows for docs/PERFORMANCE.md and the command that reproduces it.
let args = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: riskmap-bench [demo|bbox|grid|tiles|route|coverage|analysis|plans|graph-export|all] [--scales city,suzhou] [--dir DIR] [--postgis DSN] [--layers LIST]
      demo    builds each scale's demo database (timed)          bbox   bbox queries as GeoJSON
      grid    grid rebuild, aggregation, cells and explain       tiles  cold tiles from the in-memory sources
      route   the routing network's build and size; routes with 0 and 50 zones; isochrones; coverage
      coverage  fire-station coverage only (as GET /analysis/coverage)
      graph-export  the road graph and 200 shortest routes for Benchmarks/peers/pgrouting.sh (into --dir; --db PATH
              for another database than the scale's demo)
      analysis  nearby, site checks and pipeline high-consequence areas over the nearby index
      plans   87 departments' plans (10,000 visits) stored and collided; three-level draft
      all     every one of them (the default; minutes at suzhou scale)
      --scales  demo scales, comma-separated (default city,suzhou)
      --dir     where the demo databases and tile lists go (default $TMPDIR/riskmap-bench; kept between runs)
      --postgis a libpq DSN: also time PostGIS ST_AsMVT on the same tiles
      --layers  the composite the tiles benchmark draws (default \(TileBenchmark.layers))
    """
if args.contains("--help") || args.contains("-h") {
    print(usage)
    exit(0)
}
func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { args.indices.contains($0 + 1) ? args[$0 + 1] : nil } }
let what = args.first { !$0.hasPrefix("--") && args.firstIndex(of: $0).map { $0 == 0 || !args[$0 - 1].hasPrefix("--") } ?? true } ?? "all"
let scales = (option("--scales") ?? "city,suzhou").split(separator: ",").compactMap { DemoScale.named(String($0)) }
let dir = option("--dir") ?? FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-bench").path
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)

print("riskmap benchmarks — \(Date()) — \(ProcessInfo.processInfo.processorCount) cores")
let postgis = option("--postgis")
print("reproduce: swift run -c release riskmap-bench \(what) --scales \(scales.map(\.name).joined(separator: ","))"
      + (option("--dir").map { " --dir \($0)" } ?? "") + (postgis.map { " --postgis '\($0)'" } ?? "")
      + (option("--layers").map { " --layers \($0)" } ?? "") + "\n")

for scale in scales {
    let path = "\(dir)/demo-\(scale.name).sqlite"
    if what == "demo" || what == "all" {
        try DemoBenchmark(scale: scale, path: path).run()
    }
    if what == "bbox" || what == "all" {
        if !FileManager.default.fileExists(atPath: path) { _ = try DemoBenchmark(scale: scale, path: path).build() }
        try BBoxBenchmark(scale: scale, path: path).run()
    }
    if what == "grid" || what == "all" {
        if !FileManager.default.fileExists(atPath: path) { _ = try DemoBenchmark(scale: scale, path: path).build() }
        try GridBenchmark(scale: scale, path: path).run()
    }
    if what == "tiles" || what == "all" {
        if !FileManager.default.fileExists(atPath: path) { _ = try DemoBenchmark(scale: scale, path: path).build() }
        try TileBenchmark(scale: scale, path: path, dir: dir, postgis: postgis, layers: option("--layers") ?? TileBenchmark.layers).run()
    }
    if what == "analysis" || what == "all" {
        if !FileManager.default.fileExists(atPath: path) { _ = try DemoBenchmark(scale: scale, path: path).build() }
        try AnalysisBenchmark(path: path).run()
    }
    if what == "plans" || what == "all" {
        if !FileManager.default.fileExists(atPath: path) { _ = try DemoBenchmark(scale: scale, path: path).build() }
        try PlansBenchmark(path: path, dir: dir).run()
    }
    if what == "graph-export" {
        // --db: another database (an OpenStreetMap import) instead of the scale's demo.
        if option("--db") == nil, !FileManager.default.fileExists(atPath: path) { _ = try DemoBenchmark(scale: scale, path: path).build() }
        try GraphExport(path: option("--db") ?? path, dir: dir).run()
    }
    if what == "coverage" {
        if !FileManager.default.fileExists(atPath: path) { _ = try DemoBenchmark(scale: scale, path: path).build() }
        try RouteBenchmark(path: path).runCoverage()
    }
    if what == "route" || what == "all" {
        // --db: another database (an OpenStreetMap import) instead of the scale's demo.
        if option("--db") == nil, !FileManager.default.fileExists(atPath: path) { _ = try DemoBenchmark(scale: scale, path: path).build() }
        try RouteBenchmark(path: option("--db") ?? path).run()
    }
}
