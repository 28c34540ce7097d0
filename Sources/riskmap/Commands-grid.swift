import Monotonic
import Foundation
import GeoKit
import RiskGrid
import RiskModel
import Store

let gridCommand = Command(
    name: "grid", brief: "Rebuild the risk grid, explain a cell, print the risk-model configuration.",
    summary: """
        The risk grid (heatmap): square cells in the data's UTM zone (or the configured CRS), 100 m at the base and a pyramid of coarser levels. Every edit keeps it current; `rebuild` recomputes it all (after a change of configuration, or to build it the first time). `explain` lists the risks, reports, sites and pipelines behind the cell at a point, each with its contribution. `config` prints the risk-model configuration as JSON (the defaults, or the file given); `config --built` prints the built grid's parameters and its colour classes instead: the mode, and the breaks in index units the last rebuild fixed.
        """,
    usage: "rebuild [--config FILE] | explain --lon X --lat Y [--at TIME] | config [--config FILE | --built]  [--db PATH]",
    options: [
        OptionSpec("--config", value: "FILE", help: "Risk-model configuration (JSON, docs/RISK-MODEL.md); rebuild otherwise keeps the grid's own, or the defaults."),
        OptionSpec("--built", help: "With config: the built grid's parameters and class breaks (JSON, as /grid/meta) and its cells per class at each level, instead of a model."),
        OptionSpec("--lon", value: "X", help: "Longitude (EPSG:4326) of the point to explain."),
        OptionSpec("--lat", value: "Y", help: "Latitude (EPSG:4326) of the point to explain."),
        OptionSpec("--at", value: "TIME", help: "Instant for time-windowed risks and reports (ISO 8601; default now)."),
        dbOption,
    ],
    maxPositionals: 1
) { args in
    switch args.positionals.first {
    case "rebuild": try gridRebuild(args)
    case "explain": try gridExplain(args)
    case "config" where args.flag("--built"):
        let store = try openStore(args)
        var w = JSONWriter()
        try store.read { r in
            let grid = try GridQuery(reader: r)
            grid.meta.writeJSON(into: &w, census: try (0..<grid.geometry.levels).map { try grid.census(level: $0) })
        }
        print(w.string)
    case "config":
        let config = try args.value("--config").map { try RiskModelConfig.load(path: $0) } ?? .standard
        print(config.json)
    default:
        throw UsageError(description: "grid needs an action: rebuild, explain or config")
    }
}

private func gridRebuild(_ args: ParsedArguments) throws {
    let store = try openStore(args)
    let started = MonotonicClock.seconds()
    let bar = ProgressBar()
    let file = try args.value("--config").map { try RiskModelConfig.load(path: $0) }
    let (report, recoloured) = try store.write(WriteContext(actor: "riskmap grid rebuild (\(NSUserName()))")) { tx in
        let previous = try GridStore.meta(tx.connection)?.config ?? .standard
        let config = file ?? previous
        let report = try GridBuilder(config: config).rebuild(tx.connection, builtAt: tx.context.time) { p in
            bar.update(stage: p.stage, done: p.done, total: p.total)
        }
        // New colour rules apply to every enterprise at once, in the same transaction as the model they come with.
        guard config.colourRules != previous.colourRules else { return (report, false) }
        try EnterpriseColours(rules: config.colourRules).refreshAll(tx.connection)
        return (report, true)
    }
    bar.finishLine()
    if recoloured { print("colour rules changed: every enterprise's colour recomputed") }
    let g = report.geometry
    let items = report.items.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    print("grid rebuilt in \(String(format: "%.2f", MonotonicClock.seconds() - started)) s: \(g.crs), \(Int(g.cellSize)) m cells, "
          + "\(g.levels) levels; permanent items \(items) (time-windowed ones are added at query time); "
          + "\(report.baseCells) non-empty base cells in \(report.chunks) chunks")
}

private func gridExplain(_ args: ParsedArguments) throws {
    guard let lonText = args.value("--lon"), let lon = Double(lonText), let latText = args.value("--lat"), let lat = Double(latText),
          (-180...180).contains(lon), (-90...90).contains(lat) else {
        throw UsageError(description: "grid explain needs --lon and --lat in degrees (EPSG:4326)")
    }
    let at = try args.instant("--at")
    let store = try openStore(args)
    let e = try store.read { r in try GridQuery(reader: r).explain(lon: lon, lat: lat, at: at) }
    let c = e.cell
    func f(_ v: Double) -> String { String(format: "%.3f", v) }
    print("cell \(c.key.level)/\(c.key.i)/\(c.key.j) at \(Timestamp.format(epochSeconds: at)), corners "
          + e.corners.map { "\(String(format: "%.6f", $0.x)),\(String(format: "%.6f", $0.y))" }.joined(separator: " "))
    print("H \(f(c.sums.hazard))  E \(f(c.sums.exposure))  index \(f(c.combined))  class \(c.colour?.rawValue ?? "none")  "
          + "worst \(c.sums.worstLevel?.rawValue ?? "none")  sites \(c.sums.siteCount)  pipelines \(f(c.sums.pipelineMetres)) m")
    print("\nlayer      id        level        radius m  distance m         H          E  pipeline m")
    for x in e.contributions {
        print(x.layer.padding(11) + String(x.id).padding(10) + (x.level?.rawValue ?? "-").padding(13)
              + (x.radius.map { f($0) } ?? "-").padding(10) + (x.distance.map { f($0) } ?? "-").padding(12)
              + f(x.sums.hazard).padding(11) + f(x.sums.exposure).padding(11) + f(x.sums.pipelineMetres))
    }
    print("sum" + String(repeating: " ", count: 54) + f(e.total.hazard).padding(11) + f(e.total.exposure).padding(11) + f(e.total.pipelineMetres))
}
