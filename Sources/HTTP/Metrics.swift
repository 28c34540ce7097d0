import Synchronization

/// Request counters by route pattern and status, a latency histogram and load gauges, rendered as
/// Prometheus text. One instance per server; every thread records into it.
public final class Metrics: Sendable {
    /// One route's figures: requests by method and status (a handful each: a list, not a second hash), and its
    /// latency histogram.
    private struct RouteFigures {
        var counts: [(method: String, status: Int, count: Int)] = []
        var buckets = Array(repeating: 0, count: Metrics.latencyBuckets.count)
        var sum = 0.0
        var count = 0

        mutating func record(method: String, status: Int, bucket: Int?, seconds: Double) {
            if let i = counts.firstIndex(where: { $0.status == status && $0.method == method }) {
                counts[i].count += 1
            } else {
                counts.append((method, status, 1))
            }
            if let bucket { buckets[bucket] += 1 }
            sum += seconds
            count += 1
        }
    }

    /// Every route's figures under one lock, found by one hash of the route pattern per request.
    private struct Recorded {
        var routes: [String: RouteFigures] = [:]
    }

    /// Upper bounds of the latency buckets, in seconds.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private let recorded = Mutex(Recorded())
    let openConnections = Atomic<Int>(0)
    let queueDepth = Atomic<Int>(0)
    let busyWorkers = Atomic<Int>(0)
    /// Reserved for request bodies (`ServerConfiguration.maxBufferedRequestBytes`).
    let requestBytes = BufferedBytes()
    /// Responses not yet written to their sockets (`ServerConfiguration.maxBufferedResponseBytes`).
    let responseBytes = BufferedBytes()

    public init() {}

    func record(route: String, method: String, status: Int, seconds: Double) {
        let bucket = Self.latencyBuckets.firstIndex { seconds <= $0 }
        recorded.withLock { r in
            r.routes[route, default: RouteFigures()].record(method: method, status: status, bucket: bucket, seconds: seconds)
        }
    }

    public var connections: Int { openConnections.load(ordering: .relaxed) }
    public var queued: Int { queueDepth.load(ordering: .relaxed) }
    public var busy: Int { busyWorkers.load(ordering: .relaxed) }
    public var bufferedRequestBytes: Int { requestBytes.value }
    public var bufferedResponseBytes: Int { responseBytes.value }

    /// How many requests ended with `status` on `route`.
    public func count(route: String, status: Int) -> Int {
        recorded.withLock { $0.routes[route]?.counts.filter { $0.status == status }.reduce(0) { $0 + $1.count } ?? 0 }
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func prometheus() -> String {
        var out = "# HELP http_requests_total Requests answered, by route pattern, method and status.\n"
        out += "# TYPE http_requests_total counter\n"
        let routes = recorded.withLock { $0.routes }.sorted { $0.key < $1.key }
        for (route, figures) in routes {
            for c in figures.counts.sorted(by: { ($0.method, $0.status) < ($1.method, $1.status) }) {
                out += "http_requests_total{route=\"\(Self.escape(route))\",method=\"\(c.method)\",status=\"\(c.status)\"} \(c.count)\n"
            }
        }
        out += "# HELP http_request_duration_seconds Time from a complete request to its response being handed to the I/O thread, by route pattern.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        for (route, l) in routes {
            let label = "route=\"\(Self.escape(route))\""
            var cumulative = 0
            for (i, bound) in Self.latencyBuckets.enumerated() {
                cumulative += l.buckets[i]
                out += "http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(l.count)\n"
            out += "http_request_duration_seconds_sum{\(label)} \(l.sum)\n"
            out += "http_request_duration_seconds_count{\(label)} \(l.count)\n"
        }
        for (name, help, value) in [("http_open_connections", "Open client connections.", connections),
                                    ("http_queue_depth", "Requests waiting for a worker.", queued),
                                    ("http_busy_workers", "Workers running a handler.", busy),
                                    ("http_buffered_request_bytes", "Bytes reserved for request bodies.", bufferedRequestBytes),
                                    ("http_buffered_response_bytes", "Response bytes held for clients (a response until it is wholly written).", bufferedResponseBytes)] {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(value)\n"
        }
        return out
    }

    /// A Prometheus label value: backslash, double quote and line feed escaped.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}

