import Synchronization

/// Request counters by route pattern and status, a latency histogram and load gauges, rendered as
/// Prometheus text. One instance per server; every thread records into it.
public final class Metrics: Sendable {
    private struct Key: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct Histogram {
        var counts: [Int]
        var sum = 0.0
        var count = 0
    }

    /// Upper bounds of the latency buckets, in seconds.
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private let requests = Mutex<[Key: Int]>([:])
    private let latency = Mutex(Histogram(counts: Array(repeating: 0, count: Metrics.latencyBuckets.count)))
    let openConnections = Atomic<Int>(0)
    let queueDepth = Atomic<Int>(0)
    let busyWorkers = Atomic<Int>(0)

    public init() {}

    func record(route: String, method: String, status: Int, seconds: Double) {
        requests.withLock { $0[Key(route: route, method: method, status: status), default: 0] += 1 }
        let bucket = Self.latencyBuckets.firstIndex { seconds <= $0 }
        latency.withLock { h in
            if let bucket { h.counts[bucket] += 1 }
            h.sum += seconds
            h.count += 1
        }
    }

    public var connections: Int { openConnections.load(ordering: .relaxed) }
    public var queued: Int { queueDepth.load(ordering: .relaxed) }
    public var busy: Int { busyWorkers.load(ordering: .relaxed) }

    /// How many requests ended with `status` on `route`.
    public func count(route: String, status: Int) -> Int {
        requests.withLock { $0.filter { $0.key.route == route && $0.key.status == status }.values.reduce(0, +) }
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func prometheus() -> String {
        var out = "# HELP http_requests_total Requests answered, by route pattern, method and status.\n"
        out += "# TYPE http_requests_total counter\n"
        let counts = requests.withLock { $0 }
        for (key, n) in counts.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "http_requests_total{route=\"\(Self.escape(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\"} \(n)\n"
        }
        let h = latency.withLock { $0 }
        out += "# HELP http_request_duration_seconds Time from a complete request to its response being handed to the I/O thread.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        var cumulative = 0
        for (i, bound) in Self.latencyBuckets.enumerated() {
            cumulative += h.counts[i]
            out += "http_request_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        out += "http_request_duration_seconds_bucket{le=\"+Inf\"} \(h.count)\n"
        out += "http_request_duration_seconds_sum \(h.sum)\n"
        out += "http_request_duration_seconds_count \(h.count)\n"
        for (name, help, value) in [("http_open_connections", "Open client connections.", connections),
                                    ("http_queue_depth", "Requests waiting for a worker.", queued),
                                    ("http_busy_workers", "Workers running a handler.", busy)] {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(value)\n"
        }
        return out
    }

    private static func escape(_ s: String) -> String {
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
