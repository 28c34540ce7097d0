import CLinux
import Dispatch
import Glibc
import Synchronization

/// The HTTP/1.1 server: `ioThreads` epoll loops that only do I/O and a fixed pool of `workers` that run
/// handlers. Each worker owns a `Context` made on its own thread by `makeContext` (a read-only database
/// connection, say) and never shared, which is why `Context` need not be Sendable.
///
///     let server = Server(configuration: config, router: router) { worker in try Reader(path) }
///     try server.start()      // listening on server.port, threads running
///     server.wait()           // returns after shutdown() or SIGTERM has drained the server
public final class Server<Context>: Sendable {
    public let configuration: ServerConfiguration
    /// Pass your own to the initializer when a route (such as /metrics) needs it before the server exists.
    public let metrics: Metrics
    private let router: Router<Context>
    private let makeContext: @Sendable (Int) throws -> Context
    private let draining = Flag()
    private let running = Mutex<Running?>(nil)

    /// What exists between start() and the end of wait().
    private struct Running: Sendable {
        let listener: Int32
        let port: Int
        let inboxes: [LoopInbox]
        let queue: WorkQueue
        let loops: [OSThread]
        let workers: [OSThread]
        let signalFD: Int32?
    }

    public init(configuration: ServerConfiguration, router: Router<Context>, metrics: Metrics = Metrics(),
                makeContext: @escaping @Sendable (Int) throws -> Context) {
        self.configuration = configuration
        self.metrics = metrics
        self.router = router
        self.makeContext = makeContext
    }

    /// The port the server listens on (the chosen one when configured with port 0); 0 before start().
    public var port: Int { running.withLock { $0?.port ?? 0 } }

    /// `maxConnections`, lowered to what the process's descriptor limit (`ulimit -n`) leaves room for once
    /// 32 descriptors for the process, 4 per worker and 4 per I/O thread are kept back (docs/HTTP.md).
    public var effectiveMaxConnections: Int {
        ConnectionCap.effective(configured: configuration.maxConnections, descriptorLimit: System.descriptorLimit(),
                                workers: configuration.workers, ioThreads: configuration.ioThreads)
    }

    /// Binds, makes every worker's context and starts the threads. Throws if binding fails or any context
    /// cannot be made, leaving nothing running.
    public func start() throws {
        precondition(running.withLock { $0 == nil }, "Server.start() called while the server is running")
        // Responses of megabytes are built and freed all day. glibc raises its mmap threshold after the first
        // such free and then serves them from heaps whose freed pages it keeps, so RSS would sit far above
        // the bytes the buffer budgets allow; a fixed threshold keeps them mmapped and returned when freed.
        _ = riskmap_malloc_fix_mmap_threshold(256 << 10)
        // sendfile (cached tiles, `System.sendfile`) has no MSG_NOSIGNAL: a client gone mid-send must give EPIPE,
        // not a SIGPIPE that ends the process.
        _ = signal(SIGPIPE, SIG_IGN)
        let c = configuration
        let (listener, port) = try SocketAddress.listen(host: c.host, port: c.port, backlog: c.backlog)
        let queue = WorkQueue(capacity: c.queueCapacity, metrics: metrics)
        var inboxes: [LoopInbox] = []
        var workers: [OSThread] = []
        var signalFD: Int32?
        do {
            workers = try startWorkers(queue)
            for _ in 0..<max(1, c.ioThreads) { inboxes.append(try LoopInbox()) }
            if c.handleSignals {
                let fd = try System.eventFD()
                signalFD = fd
                guard riskmap_shutdown_signals_install(fd) == 0 else { throw SystemError(call: "sigaction", errno: errno) }
            }
            let loops = try startLoops(listener: listener, inboxes: inboxes, queue: queue, signalFD: signalFD)
            running.withLock {
                $0 = Running(listener: listener, port: port, inboxes: inboxes, queue: queue, loops: loops, workers: workers, signalFD: signalFD)
            }
            // shutdown() may have been called before the loops existed to hear it.
            if draining.isSet { inboxes.forEach { $0.send(.shutdown) } }
        } catch {
            queue.close(workers: workers.count)
            workers.forEach { $0.join() }
            inboxes.forEach { $0.close() }
            if let signalFD {
                riskmap_shutdown_signals_remove()
                System.close(signalFD)
            }
            System.close(listener)
            throw error
        }
    }

    /// Starts graceful shutdown from any thread and returns at once: stop accepting, finish in-flight
    /// requests, close idle connections. `wait()` returns when that is done.
    public func shutdown() {
        Self.requestShutdown(draining, running.withLock { $0?.inboxes ?? [] })
    }

    private static func requestShutdown(_ draining: Flag, _ inboxes: [LoopInbox]) {
        guard draining.set() else { return }
        for inbox in inboxes { inbox.send(.shutdown) }
    }

    /// Blocks until the server has shut down, then releases its threads and descriptors. Call it from one
    /// thread only.
    public func wait() {
        guard let r = running.withLock({ $0 }) else { return }
        r.loops.forEach { $0.join() }
        r.queue.close(workers: r.workers.count)
        r.workers.forEach { $0.join() }
        // Workers may post until they stop, so the inboxes' eventfds close only after every worker has; a
        // connection dealt to a loop that had already stopped is closed here.
        for inbox in r.inboxes {
            for case .adopt(let fd, _) in inbox.takeAll() { IOLoop.drop(accepted: fd, metrics) }
            inbox.close()
        }
        if let fd = r.signalFD {
            riskmap_shutdown_signals_remove()
            System.close(fd)
        }
        System.close(r.listener)
        running.withLock { $0 = nil }
    }

    /// start() then wait().
    public func run() throws {
        try start()
        wait()
    }

    private func startWorkers(_ queue: WorkQueue) throws -> [OSThread] {
        let responder = Responder(router: router, configuration: configuration, metrics: metrics, draining: draining)
        let ready = DispatchSemaphore(value: 0)
        let failures = Mutex<[any Error & Sendable]>([])
        let makeContext = self.makeContext
        let metrics = self.metrics
        var threads: [OSThread] = []
        for i in 0..<max(1, configuration.workers) {
            let thread = try OSThread.spawn(name: "http-worker-\(i)") {
                var context: Context
                do {
                    context = try makeContext(i)
                } catch {
                    failures.withLock { $0.append(ContextError(worker: i, reason: String(describing: error))) }
                    ready.signal()
                    return
                }
                ready.signal()
                while let job = queue.take() {
                    metrics.busyWorkers.add(1, ordering: .relaxed)
                    responder.handle(job, context: &context)
                    metrics.busyWorkers.subtract(1, ordering: .relaxed)
                }
            }
            threads.append(thread)
        }
        for _ in threads { ready.wait() }
        if let first = failures.withLock({ $0.first }) {
            queue.close(workers: threads.count)
            threads.forEach { $0.join() }
            throw first
        }
        return threads
    }

    private func startLoops(listener: Int32, inboxes: [LoopInbox], queue: WorkQueue, signalFD: Int32?) throws -> [OSThread] {
        var loops: [IOLoop] = []
        var threads: [OSThread] = []
        let draining = self.draining
        let cap = effectiveMaxConnections
        if cap < configuration.maxConnections {
            configuration.errorLog?("http: the file-descriptor limit (\(System.descriptorLimit() ?? 0)) leaves room for \(cap) connections, "
                                    + "not the \(configuration.maxConnections) configured; raise it (ulimit -n, LimitNOFILE=) to allow more")
        }
        do {
            for i in inboxes.indices {
                let signal = i == 0 ? signalFD.map { fd in (fd, { @Sendable in Self.requestShutdown(draining, inboxes) }) } : nil
                loops.append(try IOLoop(index: i, listener: listener, peers: inboxes, queue: queue, configuration: configuration,
                                        connectionCap: cap, metrics: metrics, draining: draining, signal: signal))
            }
            for (i, loop) in loops.enumerated() {
                let handoff = LoopHandoff(loop: loop)
                threads.append(try OSThread.spawn(name: "http-io-\(i)") { handoff.loop.run() })
            }
            return threads
        } catch {
            // Loops already running have no connections yet: told to drain, they return at once.
            Self.requestShutdown(draining, Array(inboxes.prefix(threads.count)))
            threads.forEach { $0.join() }
            loops.dropFirst(threads.count).forEach { $0.discard() }
            throw error
        }
    }
}

/// A worker's context factory failed; the server does not start.
public struct ContextError: Error, Sendable, CustomStringConvertible {
    public let worker: Int
    public let reason: String
    public var description: String { "worker \(worker) could not make its context: \(reason)" }
}

/// Moves a loop to its thread. Unchecked because the loop's state is mutable: after this hand-off only that
/// thread touches it.
private final class LoopHandoff: @unchecked Sendable {
    let loop: IOLoop
    init(loop: IOLoop) { self.loop = loop }
}
