import Glibc

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
    /// Lowered at start to what the process's descriptor limit leaves room for: `Server.effectiveMaxConnections`.
    public var maxConnections = 1024
    public var limits = ParserLimits()
    /// Request-body bytes all connections together may hold: a body's Content-Length is reserved when its head
    /// arrives, a chunked body's as it grows, until its response is finished. Beyond it, 503 + Retry-After and
    /// the connection closes. 256 MiB is 32 bodies of the default 8 MiB limit, far more than the workers can
    /// take in at once, yet it keeps a flood of large uploads from taking gigabytes.
    public var maxBufferedRequestBytes = 256 << 20
    /// Unsent response bytes all connections together may hold. Beyond it, new requests are answered
    /// 503 + Retry-After without running their handlers until clients read (or `writeTimeout` closes the ones
    /// that do not). 256 MiB holds some fifty of the largest (4–5 MB) GeoJSON pages at once.
    public var maxBufferedResponseBytes = 256 << 20
    /// Runs on the I/O thread as soon as a request's head has arrived, before any of its body is read or
    /// `100 Continue` is sent; the request has its method, target, headers and remote address, and an empty
    /// body. An error it returns is the answer (with `Connection: close`), the body is never read, and the
    /// connection closes once the answer is sent. It holds up every connection on its thread, so it must be
    /// quick and never block: a look-up in memory (a bearer token in a table), never a database or the network.
    public var admission: (@Sendable (Request) -> HTTPError?)?
    /// Runs on the I/O thread for each complete request before it is queued for a worker: a response it returns
    /// (with the route name for metrics) is sent from there, finished as a worker finishes one (CORS, 304, HEAD,
    /// gzip), and the request never waits for a worker; nil queues it as usual. For answers already in memory,
    /// such as cached tiles: like `admission`, it holds up every connection on its thread, so it must be quick
    /// and never block, and only responses with their body in hand (`Response.Body.bytes`) are taken. The request
    /// is lent, not copied (a copy was a retain and a release for each of its strings and arrays): the hook may
    /// fill in what it finds, such as the route's parameters.
    public var immediate: (@Sendable (inout Request) -> (Response, route: String)?)?

    /// From the first byte of a request to the end of its head, and for a connection's first request from its
    /// accept (slowloris clients, and clients that connect and send nothing, are closed after this).
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
    /// Trouble no client is told about (running out of file descriptors, a connection cap lowered to fit the
    /// descriptor limit), one line at a time and rate-limited. Standard error unless replaced; nil drops it.
    public var errorLog: (@Sendable (String) -> Void)? = { line in
        let text = Array((line + "\n").utf8)
        _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
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
