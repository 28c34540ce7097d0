import GeoKit
import HTTP
import Store
import Tiles

/// Operations: health for load balancers, Prometheus metrics.
struct OpsRoutes: RouteCollection {
    let store: Store
    let metrics: Metrics
    let errors: ErrorCounters
    let tiles: TileCache
    let tileSources: TileSources
    let coldRenders: ColdRenders
    /// Worker threads, reported as a gauge.
    let workers: Int

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/health", summary: "Whether the database answers and the writer can write, and the schema version",
                     tag: "Operations", access: .open,
                     responses: [200: "healthy (the writer may be busy with a write)", 503: "the database does not answer, or writes fail"]) { [self] _, _, worker in
                let version: Int
                do {
                    version = try worker.reader.schemaVersion()
                } catch {
                    throw HTTPError(.serviceUnavailable, "the database does not answer: \(error)")
                }
                let writer: String
                switch store.writerHealth() {
                case .ready: writer = "ready"
                case .busy: writer = "busy"
                case .failing(let why): throw HTTPError(.serviceUnavailable, "writes fail: \(why)")
                }
                var w = JSONWriter()
                w.raw("{\"status\":\"ok\",\"version\":")
                w.string(BuildInfo.version)
                w.raw(",\"database\":\"reachable\",\"writer\":")
                w.string(writer)
                w.raw(",\"schemaVersion\":")
                w.number(Int64(version))
                w.raw("}")
                var r = Response.json(w.bytes)
                r.headers.set("Cache-Control", "no-store")
                return r
            },
            Endpoint(method: .get, pattern: "/changes",
                     summary: "When the data last changed: the latest audited write's sequence number and time (the viewer's \"data as of\"; poll it cheaply, or follow /alerts/stream)",
                     tag: "Operations", responses: [200: "{\"sequence\": n, \"changed_at\": time} (0 and null before any write)"]) { request, _, worker in
                let last = try worker.reader.connection.lastChange()
                var w = JSONWriter()
                w.raw("{\"sequence\":")
                w.number(last?.id ?? 0)
                w.raw(",\"changed_at\":")
                if let at = last?.at { w.string(at) } else { w.raw("null") }
                w.raw("}")
                var r = Response.json(w.bytes)
                r.headers.set("Cache-Control", "no-store")
                return r
            },
            Endpoint(method: .get, pattern: "/metrics", summary: "Prometheus metrics: requests by route and status, latency, connections, queue, workers",
                     tag: "Operations", responses: [200: "Prometheus text format 0.0.4"]) { [self] _, _, _ in
                let t = tiles.stats
                var text = metrics.prometheus()
                for (name, help, kind, value) in [
                    ("riskmap_tile_cache_entries", "Tiles held in the memory cache.", "gauge", t.entries),
                    ("riskmap_tile_cache_bytes", "Bytes held by the tile cache.", "gauge", t.bytes),
                    ("riskmap_tile_cache_hits_total", "Tile requests answered from the cache.", "counter", t.hits),
                    ("riskmap_tile_cache_misses_total", "Tile requests that drew the tile.", "counter", t.misses),
                    ("riskmap_tile_renders_busy_total", "Tile cache misses answered 503 because no tile renderer freed up before the deadline.",
                     "counter", coldRenders.busy),
                    ("riskmap_tile_renders_timed_out_total", "Tile drawings stopped at their deadline (answered 503).", "counter",
                     coldRenders.timedOut),
                    ("riskmap_tile_source_features", "Features held by the in-memory tile sources tiles are drawn from.", "gauge",
                     tileSources.featureCount),
                    ("riskmap_workers", "Worker threads, each with its own read-only database connection.", "gauge", workers),
                ] {
                    text += "# HELP \(name) \(help)\n# TYPE \(name) \(kind)\n\(name) \(value)\n"
                }
                text += errorFigures + buildInfo + ProcessFigures.now().prometheus
                var r = Response.text(text, contentType: "text/plain; version=0.0.4; charset=utf-8")
                r.headers.set("Cache-Control", "no-store")
                return r
            },
        ]
    }

    /// Database errors and refused writes by reason (`ErrorCounters`).
    private var errorFigures: String {
        var out = "# HELP riskmap_database_errors_total Requests that failed with a database error.\n"
            + "# TYPE riskmap_database_errors_total counter\nriskmap_database_errors_total \(errors.databaseErrors)\n"
            + "# HELP riskmap_write_refusals_total Writes refused, by reason (the status of the problem answered, named).\n"
            + "# TYPE riskmap_write_refusals_total counter\n"
        for (reason, n) in errors.writeRefusals.sorted(by: { $0.key < $1.key }) {
            out += "riskmap_write_refusals_total{reason=\"\(reason)\"} \(n)\n"
        }
        return out
    }

    /// `riskmap_build_info{version=…,swift=…,sqlite=…,spatialite=…,proj=…} 1`.
    private var buildInfo: String {
        let labels = BuildInfo.components.map { "\($0.name == "riskmap" ? "version" : $0.name)=\"\(Metrics.escape($0.version))\"" }
        return "# HELP riskmap_build_info riskmap's version and the libraries it runs on.\n# TYPE riskmap_build_info gauge\n"
            + "riskmap_build_info{\(labels.joined(separator: ","))} 1\n"
    }
}
