import Glibc
import HTTP
import Synchronization

/// What each worker owns: made on the worker's thread, which the handlers check.
final class WorkerContext {
    let worker: Int
    let thread: pthread_t
    var served = 0

    init(worker: Int) {
        self.worker = worker
        thread = pthread_self()
    }
}

/// A server on an ephemeral loopback port with short timeouts, shut down when `body` returns.
func withServer(_ configure: (inout ServerConfiguration) -> Void = { _ in },
                routes: (inout RouterBuilder<WorkerContext>) -> Void = { _ in },
                _ body: (Server<WorkerContext>) throws -> Void) throws {
    var c = ServerConfiguration()
    c.port = 0
    c.ioThreads = 2
    c.workers = 2
    c.headerTimeout = .seconds(2)
    c.idleTimeout = .seconds(2)
    c.shutdownGracePeriod = .seconds(3)
    configure(&c)
    var b = RouterBuilder<WorkerContext>()
    b.get("/hello") { _, _ in .text("hello") }
    b.post("/echo") { r, _ in Response(headers: ["Content-Type": "text/plain"], body: r.body) }
    b.get("/worker") { _, context in
        context.served += 1
        return .text("worker \(context.worker) own-thread \(pthread_equal(pthread_self(), context.thread) != 0)")
    }
    routes(&b)
    let server = Server(configuration: c, router: try b.build()) { WorkerContext(worker: $0) }
    try server.start()
    defer {
        server.shutdown()
        server.wait()
    }
    try body(server)
}

/// Polls `condition` every millisecond for up to five seconds; for waiting on server state, not on speed.
func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<5000 {
        if condition() { return true }
        usleep(1000)
    }
    return condition()
}

/// A door handlers wait at until the test opens it, or for ten seconds at most, so a test that fails before
/// opening it cannot leave a worker stuck and the server's wait() hanging.
final class Gate: Sendable {
    private let open = Atomic<Bool>(false)
    func wait() {
        var naps = 0
        while !open.load(ordering: .acquiring) && naps < 20_000 {
            usleep(500)
            naps += 1
        }
    }
    func release() { open.store(true, ordering: .releasing) }
    var isOpen: Bool { open.load(ordering: .acquiring) }
}
