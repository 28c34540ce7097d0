import Foundation
import RiskGrid
import RiskModel
import Service
import Store

let serveCommand = Command(
    name: "serve", brief: "Serve the one map over HTTP (OGC API – Features, health, metrics).",
    summary: "Serve the database over HTTP until SIGTERM or SIGINT, which finish the requests in flight before exiting. Before it listens, it loads every tile layer into memory (the tile sources tiles are drawn from, kept current by every write) and says how many features and how long. Settings come from --config (JSON, docs/CONFIG.md); --host, --port and --workers override it.",
    usage: "[--db PATH] [--config FILE] [--host HOST] [--port N] [--workers N]",
    options: [
        dbOption,
        OptionSpec("--config", value: "FILE", help: "A JSON settings file (docs/CONFIG.md)."),
        OptionSpec("--host", value: "HOST", help: "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)."),
        OptionSpec("--port", value: "N", help: "Port to listen on (default 8080; 0 picks a free one)."),
        OptionSpec("--workers", value: "N", help: "Worker threads, each with its own read-only connection (default 4)."),
    ]
) { args in
    var config = try args.value("--config").map(ServiceConfig.load) ?? ServiceConfig()
    if let host = args.value("--host") { config.host = host }
    if let port = try args.int("--port") {
        guard (0...65535).contains(port) else { throw UsageError(description: "--port must be 0…65535") }
        config.port = port
    }
    if let workers = try args.int("--workers") {
        guard (1...256).contains(workers) else { throw UsageError(description: "--workers must be 1…256") }
        config.workers = workers
    }
    config.tilesDirectory = locateTiles(config.tilesDirectory, configFile: args.value("--config"))
    let store = try openStore(args, grid: false, alerts: false)
    let service = try RiskmapService(store: store, config: config, handleSignals: true)
    let sources = try service.start()
    writeStderr("riskmap: tile sources hold \(sources.tileFeatures) features; they and the area figures built in \(String(format: "%.2f", sources.seconds)) s\n")
    // The one line scripts and tests wait for before they connect.
    writeStdout("riskmap serving \(args.value("--db")!) on http://\(config.host):\(service.port)/\n")
    service.wait()
    writeStderr("riskmap: stopped\n")
}

/// The tiles folder (style.json and the viewer) to serve: `configured` as given when it holds the viewer; else
/// the same relative path beside the config file, in a folder above the binary (a checkout's `tiles` for
/// `.build/…/release/riskmap`), or in an install prefix's `share/riskmap` — so `riskmap serve` started from another directory still
/// shows the viewer. Says where it found it, or, when nowhere, what `/` and `/viewer/` will do and how to fix it.
func locateTiles(_ configured: String, configFile: String?) -> String {
    let fm = FileManager.default
    func holdsViewer(_ dir: String) -> Bool { fm.fileExists(atPath: dir + "/viewer/index.html") }
    if holdsViewer(configured) { return configured }
    var candidates: [String] = []
    if !configured.hasPrefix("/") {
        if let configFile { candidates.append(((configFile as NSString).deletingLastPathComponent as NSString).appendingPathComponent(configured)) }
        // The checkout a SwiftPM build lives in (.build/<triple>/release/riskmap), or an install prefix.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent()
            candidates.append(dir.appendingPathComponent(configured).path)
        }
        candidates.append(dir.appendingPathComponent("share/riskmap/\(configured)").path)
    }
    if let found = candidates.first(where: holdsViewer) {
        writeStderr("riskmap: tiles folder (style and viewer) \(found), as \(configured) holds no viewer here\n")
        return found
    }
    writeStderr("riskmap: no viewer found (looked in \(([configured] + candidates).joined(separator: ", "))): / answers browsers with JSON and "
                + "/viewer/ with 404 — set tilesDirectory in the --config file (docs/CONFIG.md)\n")
    return configured
}
