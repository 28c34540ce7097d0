import Monotonic
import Alerts
import DemoCity
import Foundation
import RiskGrid
import RiskModel
import Store

let defaultDatabase = "data/riskmap.sqlite"
let dbOption = OptionSpec("--db", value: "PATH", default: defaultDatabase, help: "The riskmap database file.")

/// Opens the database named by --db with the write observers every riskmap write runs through; enterprise
/// colours follow the colour rules of the risk model stored with the grid (the defaults until one is built).
/// Reports and risks raise alerts by the standard rules (docs/ALERTS.md). `grid: false, alerts: false` leave the
/// grid's and the alerts' observers to the caller (the server wires its own: the tile cache, its rules file).
func openStore(_ args: ParsedArguments, create: Bool = false, grid: Bool = true, alerts: Bool = true) throws -> Store {
    // EnterpriseColours reads the grid's rules in each write; the standard ones apply until a grid is built.
    try Store(path: args.value("--db")!, create: create,
              observers: [EnterpriseColours()] + (alerts ? [AlertObserver()] : []) + (grid ? [GridObserver()] : []))
}

let initCommand = Command(
    name: "init", brief: "Create an empty database, or migrate an existing one.",
    summary: "Create an empty riskmap database (every layer, spatial indexes, audit), or bring an existing one's schema up to date.",
    usage: "[--db PATH]", options: [dbOption]
) { args in
    let path = args.value("--db")!
    let existed = FileManager.default.fileExists(atPath: path)
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    let store = try openStore(args, create: true)
    print("\(existed ? "opened" : "created") \(path): schema version \(try store.schemaVersion()), layers \(Catalog.layers.map(\.name).joined(separator: ", "))")
}

let demoCommand = Command(
    name: "demo", brief: "Write the synthetic demo city (small, city or suzhou scale).",
    summary: "Write the synthetic demo city near Suzhou into a new database: districts and towns, roads, enterprises and their risks, pipelines, crowded sites, emergency resources and temporary reports. Deterministic for a seed.",
    usage: "[--scale small|city|suzhou] [--seed N] [--db PATH] [--force]",
    options: [
        OptionSpec("--scale", value: "NAME", default: "small", help: "small (tests, ~1 s), city, or suzhou (73,728 enterprises, 100k risks, ~300k road edges)."),
        OptionSpec("--seed", value: "N", default: "1", help: "Random seed; the same seed gives the same city."),
        dbOption,
        OptionSpec("--force", help: "Replace the database file if it exists."),
    ]
) { args in
    guard let scale = DemoScale.named(args.value("--scale")!) else {
        throw UsageError(description: "--scale must be one of \(DemoScale.all.map(\.name).joined(separator: ", "))")
    }
    let seed = try args.int("--seed", as: UInt64.self)!
    let path = args.value("--db")!
    if FileManager.default.fileExists(atPath: path) {
        guard args.flag("--force") else { throw RuntimeError(description: "\(path) exists; pass --force to replace it") }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    let dir = (path as NSString).deletingLastPathComponent
    if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
    let started = MonotonicClock.seconds()
    let bar = ProgressBar()
    let counts: [String: Int]
    do {
        let store = try openStore(args, create: true)
        counts = try DemoCity(scale: scale, seed: seed).write(into: store) { p in bar.update(stage: p.stage, done: p.done, total: p.total) }
        // The heatmap is part of the demo: build the grid with the default risk model.
        try store.write(WriteContext(actor: "riskmap demo", time: DemoCity.epoch)) { tx in
            _ = try GridBuilder(config: .standard).rebuild(tx.connection, builtAt: tx.context.time) { p in
                bar.update(stage: p.stage, done: p.done, total: p.total)
            }
        }
    } catch {
        bar.finishLine()
        // A failed demo must not leave a half-made file behind.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        throw error
    }
    bar.finishLine()
    let total = counts.values.reduce(0, +)
    print("demo city '\(scale.name)' (seed \(seed)) written to \(path): \(total) features in \(String(format: "%.1f", MonotonicClock.seconds() - started)) s")
}

let statsCommand = Command(
    name: "stats", brief: "Count features per layer, enterprises by colour, risks by level.",
    summary: "Count the features of every layer, enterprises by colour and risks by level.",
    usage: "[--db PATH] [--json]",
    options: [dbOption, OptionSpec("--json", help: "Print JSON, with a content digest per layer.")]
) { args in
    let store = try openStore(args)
    let stats = try store.read { r in
        try Stats(layers: Catalog.layers.map { ($0.name, try r.count($0), try r.digest($0)) },
                  colours: r.counts(Catalog.riskSources, by: "colour"),
                  levels: r.counts(Catalog.risks, by: "level"),
                  sectors: r.counts(Catalog.riskSources, by: "sector"),
                  sites: r.counts(Catalog.sites, by: "category"))
    }
    print(args.flag("--json") ? stats.json : stats.text)
}
