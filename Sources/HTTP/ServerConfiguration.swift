/// How a server listens, how many threads it runs and what it allows. Defaults suit production;
/// tests shorten the timeouts.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port; `Server.port` tells which.
    public var port = 8080
    public var backlog: Int32 = 1024
    /// Threads that only accept, read, parse and write.
    public var ioThreads = 1
    /// Threads that run handlers, each with its own context.
    public var workers = 4
    /// Requests parsed but not yet taken by a worker; beyond this the server answers 503 without running the handler.
    public var queueCapacity = 256
    /// Seconds a client is told to wait (Retry-After) when the queue is full.
    public var retryAfterSeconds = 1
    public var maxConnections = 1024
    public var limits = ParserLimits()

    /// From the first byte of a request to the end of its head (slowloris clients are closed after this).
    public var headerTimeout: Duration = .seconds(10)
    /// From the end of a head to the end of its body.
    public var bodyTimeout: Duration = .seconds(30)
    /// How long a keep-alive connection may sit idle between requests.
    public var idleTimeout: Duration = .seconds(60)
    /// How long a response may wait for the client to read any of it.
    public var writeTimeout: Duration = .seconds(30)
    /// How long graceful shutdown waits for in-flight requests before closing their connections anyway.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// How often an idle event stream gets a comment line, so proxies and clients keep it open.
    public var eventHeartbeat: Duration = .seconds(15)
    /// Bytes a slow event-stream client may leave unread before the stream is closed.
    public var maxEventBacklogBytes = 1 << 20

    /// Bodies at least this large are gzipped when the client accepts it and the type compresses.
    public var gzipMinimumBytes = 1024
    public var gzipLevel: Int32 = 5
    public var cors = CORSPolicy.none
    /// Install SIGTERM/SIGINT handlers that start a graceful shutdown. Only one server per process may.
    public var handleSignals = false
    /// Called once per finished request, on the thread that finished it.
    public var accessLog: (@Sendable (AccessLogEntry) -> Void)?
    /// The Server header; nil sends none.
    public var serverName: String? = "riskmap"

    public init() {}
}

extension Duration {
    var nanoseconds: UInt64 {
        let (s, atto) = components
        return UInt64(max(0, s)) * 1_000_000_000 + UInt64(max(0, atto) / 1_000_000_000)
    }
}
