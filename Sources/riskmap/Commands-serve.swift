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
    let store = try openStore(args, grid: false)
    let service = try RiskmapService(store: store, config: config, handleSignals: true)
    let sources = try service.start()
    writeStderr("riskmap: tile sources hold \(sources.tileFeatures) features; they and the area figures built in \(String(format: "%.2f", sources.seconds)) s\n")
    // The one line scripts and tests wait for before they connect.
    writeStdout("riskmap serving \(args.value("--db")!) on http://\(config.host):\(service.port)/\n")
    service.wait()
    writeStderr("riskmap: stopped\n")
}
