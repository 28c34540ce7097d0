import Synchronization

/// Request counters by route pattern and status, a latency histogram and load gauges, rendered as
/// Prometheus text. One instance per server; every thread records into it.
public final class Metrics: Sendable {
    private struct Key: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    /// One route's latency histogram.
    private struct Latency {
        var buckets = Array(repeating: 0, count: Metrics.latencyBuckets.count)
        var sum = 0.0
        var count = 0

        mutating func record(bucket: Int?, seconds: Double) {
            if let bucket { buckets[bucket] += 1 }
            sum += seconds
            count += 1
        }
    }

    /// Counters and histograms under one lock: every request records both, so one acquisition serves.
    private struct Recorded {
        var requests: [Key: Int] = [:]
        var latency: [String: Latency] = [:]
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
        let key = Key(route: route, method: method, status: status)
        let bucket = Self.latencyBuckets.firstIndex { seconds <= $0 }
        recorded.withLock { r in
            r.requests[key, default: 0] += 1
            r.latency[route, default: Latency()].record(bucket: bucket, seconds: seconds)
        }
    }

    public var connections: Int { openConnections.load(ordering: .relaxed) }
    public var queued: Int { queueDepth.load(ordering: .relaxed) }
    public var busy: Int { busyWorkers.load(ordering: .relaxed) }
    public var bufferedRequestBytes: Int { requestBytes.value }
    public var bufferedResponseBytes: Int { responseBytes.value }

    /// How many requests ended with `status` on `route`.
    public func count(route: String, status: Int) -> Int {
        recorded.withLock { $0.requests.filter { $0.key.route == route && $0.key.status == status }.values.reduce(0, +) }
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func prometheus() -> String {
        var out = "# HELP http_requests_total Requests answered, by route pattern, method and status.\n"
        out += "# TYPE http_requests_total counter\n"
        let r = recorded.withLock { $0 }
        for (key, n) in r.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "http_requests_total{route=\"\(Self.escape(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\"} \(n)\n"
        }
        out += "# HELP http_request_duration_seconds Time from a complete request to its response being handed to the I/O thread, by route pattern.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        for (route, l) in r.latency.sorted(by: { $0.key < $1.key }) {
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

