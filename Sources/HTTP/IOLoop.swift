import Monotonic
import CLinux

/// One I/O thread: an epoll set holding the shared listening socket, this loop's connections and its inbox.
/// It accepts, reads, parses, writes and enforces timeouts; handlers run elsewhere.
///
/// Level-triggered: each wake-up reads at most one buffer per connection, so a fast sender cannot starve the
/// others, and a connection whose reading is paused (too many pipelined requests waiting) simply drops
/// EPOLLIN from its interest instead of needing to be re-armed later.
final class IOLoop {
    static let listenerTag: UInt64 = 0
    static let inboxTag: UInt64 = 1
    static let signalTag: UInt64 = 2
    /// Pipelined requests parsed ahead of the one in flight; beyond this the loop stops reading.
    static let maxPending = 16
    /// Unsent response bytes beyond which a connection's next pipelined request waits: a client that sends
    /// requests but does not read cannot make the server buffer responses without bound.
    static let outputHighWater = 1 << 20
    /// Output segments (response heads, bodies, chunks) handed to one sendmsg.
    static let segmentsPerSend = 8

    let epoll: Int32
    let listener: Int32
    let inbox: LoopInbox
    /// Every loop's inbox, this one's at `index`: accepted connections are dealt round them (`deal`).
    let peers: [LoopInbox]
    let index: Int
    /// Connections this loop has accepted, the count that picks the next one's loop.
    var dealt = 0
    let queue: WorkQueue
    let configuration: ServerConfiguration
    /// `maxConnections` lowered to fit the descriptor limit (`Server.effectiveMaxConnections`).
    let connectionCap: Int
    let metrics: Metrics
    let draining: Flag
    /// Loop 0 watches the signal eventfd and calls this when SIGTERM or SIGINT arrives.
    let signal: (fd: Int32, shutdown: @Sendable () -> Void)?

    var connections: [UInt64: Connection] = [:]
    /// Answers from memory to give again within the second (`AnswerMemo`).
    let answers = AnswerMemo()
    var nextID: UInt64
    var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    /// While set, the listener is out of the epoll set: accepting has failed for want of descriptors or memory.
    var acceptPausedUntil: UInt64?
    /// Given back to let one client in and tell it 503 when the process is out of descriptors.
    var spare: Int32?
    /// When running out of descriptors was last logged, and how many clients were refused since.
    var descriptorReport: (at: UInt64?, refused: Int) = (nil, 0)
    var drainDeadline: UInt64?
    let tick: UInt64

    init(index: Int, listener: Int32, peers: [LoopInbox], queue: WorkQueue, configuration: ServerConfiguration, connectionCap: Int,
         metrics: Metrics, draining: Flag, signal: (fd: Int32, shutdown: @Sendable () -> Void)?) throws(SystemError) {
        self.epoll = try System.epollCreate()
        self.listener = listener
        self.inbox = peers[index]
        self.peers = peers
        self.index = index
        self.queue = queue
        self.configuration = configuration
        self.connectionCap = connectionCap
        self.metrics = metrics
        self.draining = draining
        self.signal = signal
        nextID = UInt64(index) << 48 | 16
        // Timeouts are checked by sweeping all connections on a tick, a fraction of the shortest timeout.
        let shortest = [configuration.headerTimeout, configuration.bodyTimeout, configuration.idleTimeout, configuration.writeTimeout,
                        configuration.eventHeartbeat].map(\.nanoseconds).min() ?? 1_000_000_000
        tick = min(max(shortest / 4, 5_000_000), 250_000_000)
        do throws(SystemError) {
            try watchListener()
            try System.epollAdd(epoll, inbox.fd, events: RISKMAP_EPOLLIN, data: Self.inboxTag)
            if let signal { try System.epollAdd(epoll, signal.fd, events: RISKMAP_EPOLLIN, data: Self.signalTag) }
        } catch {
            System.close(epoll)
            throw error
        }
        // Without one (no /dev/null, say) running out of descriptors still pauses accepting, without the 503.
        spare = try? System.openSpare()
    }

    func watchListener() throws(SystemError) {
        // EPOLLEXCLUSIVE: a new connection wakes one loop, not all of them.
        try System.epollAdd(epoll, listener, events: RISKMAP_EPOLLIN | RISKMAP_EPOLLEXCLUSIVE, data: Self.listenerTag)
    }

    /// Runs until shutdown has drained every connection (or the grace period ran out).
    func run() {
        let capacity = 256
        let events = UnsafeMutableBufferPointer<riskmap_epoll_event>.allocate(capacity: capacity)
        defer {
            events.deallocate()
            discard()
        }
        var nextSweep = MonotonicClock.nanoseconds() + tick
        while true {
            let now = MonotonicClock.nanoseconds()
            let wake = min(nextSweep, acceptPausedUntil ?? nextSweep)
            let timeout = Int32(max(1, (wake > now ? wake - now : 0) / 1_000_000))
            let n: Int
            do {
                n = try System.epollWait(epoll, into: events, timeoutMilliseconds: timeout)
            } catch {
                // epoll_wait fails only on a programming error (bad descriptor or buffer); stop serving.
                closeAll()
                return
            }
            for e in events.prefix(n) {
                switch e.data {
                case Self.listenerTag: acceptConnections()
                case Self.inboxTag: handleMessages()
                case Self.signalTag:
                    if let signal {
                        System.drain(eventFD: signal.fd)
                        signal.shutdown()
                    }
                default:
                    if let connection = connections[e.data] { handleEvent(e.events, on: connection) }
                }
            }
            let after = MonotonicClock.nanoseconds()
            if let until = acceptPausedUntil, after >= until { resumeAccepting(now: after) }
            if after >= nextSweep {
                sweep(now: after)
                nextSweep = after + tick
            }
            if let drainDeadline {
                if connections.isEmpty { return }
                if after >= drainDeadline {
                    closeAll()
                    return
                }
            }
        }
    }

    private func handleEvent(_ flags: UInt32, on connection: Connection) {
        if flags & (RISKMAP_EPOLLERR | RISKMAP_EPOLLHUP) != 0 {
            close(connection)
            return
        }
        if flags & RISKMAP_EPOLLOUT != 0 { flush(connection) }
        if flags & RISKMAP_EPOLLIN != 0, connections[connection.id] != nil { read(connection) }
    }

    private func handleMessages() {
        // Written once every message is in, so a head and its body posted apart leave in one sendmsg.
        var written: [Connection] = []
        defer { for c in written where connections[c.id] != nil { flush(c) } }
        for message in inbox.takeAll() {
            switch message {
            case .write(let id, let bytes):
                // Only the request in flight writes; a late event after shutdown ended its stream is dropped,
                // and so is anything posted just before its connection closed.
                guard let c = connections[id], c.inFlight else {
                    connections[id]?.handle.unsent.subtract(bytes.count, ordering: .relaxed)
                    metrics.responseBytes.release(bytes.count)
                    continue
                }
                if c.output.isEmpty { written.append(c) }
                enqueue(bytes, on: c, posted: true)
            case .finish(let id, let keepAlive):
                guard let c = connections[id] else { continue }
                c.inFlight = false
                release(c, c.inFlightReserved)
                c.inFlightReserved = 0
                c.events = nil
                c.lastActivity = MonotonicClock.nanoseconds()
                if !keepAlive || draining.isSet {
                    c.closeWhenDone = true
                    c.reading = false
                    c.pending.removeAll()
                }
                parse(c)
                flush(c)
            case .attach(let id, let stream, let framing):
                guard let c = connections[id] else {
                    stream.connectionClosed()
                    continue
                }
                c.events = (stream, framing)
                if drainDeadline != nil { endEventStream(c) }
            case .adopt(let fd, let remote):
                guard drainDeadline == nil else {
                    IOLoop.drop(accepted: fd, metrics)
                    continue
                }
                adopt(fd, remote: remote, now: MonotonicClock.nanoseconds())
            case .shutdown:
                beginDrain()
            }
        }
    }

    /// Releases the loop's own descriptors: when it has stopped, or when it never ran.
    func discard() {
        System.close(epoll)
        if let spare { System.close(spare) }
    }

    func closeAll() {
        for c in Array(connections.values) { close(c) }
    }
}
