import Synchronization

/// Messages from workers, event streams and the other loops to one I/O thread, with the eventfd that wakes it.
final class LoopInbox: Sendable {
    enum Message: Sendable {
        /// Bytes to append to a connection's output, already framed.
        case write(UInt64, [UInt8])
        /// The response to the connection's current request is complete.
        case finish(UInt64, keepAlive: Bool)
        /// The current response is an event stream that stays open; the loop sends its heartbeats.
        case attach(UInt64, EventStream, BodyFraming)
        /// A connection another loop accepted for this one to serve (`IOLoop.deal`), already counted as open.
        case adopt(Int32, remote: String)
        case shutdown
    }

    let fd: Int32
    private let queue = Mutex<[Message]>([])

    init() throws(SystemError) {
        fd = try System.eventFD()
    }

    func send(_ message: Message) {
        // Only the message that makes the queue non-empty needs to wake the loop; it takes everything at once.
        let first = queue.withLock { q in
            q.append(message)
            return q.count == 1
        }
        if first { System.signal(eventFD: fd) }
    }

    func takeAll() -> [Message] {
        System.drain(eventFD: fd)
        return queue.withLock { q in
            defer { q.removeAll(keepingCapacity: true) }
            return q
        }
    }

    func close() { System.close(fd) }
}

/// What a worker or an event stream holds to reach one connection: its id on its I/O thread, and counters the
/// I/O thread keeps so writers can tell when the client has gone or fallen behind.
final class ConnectionHandle: Sendable {
    let id: UInt64
    let inbox: LoopInbox
    /// Bytes posted through this handle that have not yet been written to the socket.
    let unsent = Atomic<Int>(0)
    let closed = Atomic<Bool>(false)
    /// Every connection's unsent response bytes (`Metrics.responseBytes`), counted here as soon as they are
    /// posted, so a worker about to make another response sees the ones still on their way to the loop.
    let responseBytes: BufferedBytes

    init(id: UInt64, inbox: LoopInbox, responseBytes: BufferedBytes) {
        self.id = id
        self.inbox = inbox
        self.responseBytes = responseBytes
    }

    /// Queues bytes for the client; false once the connection has closed.
    @discardableResult
    func post(_ bytes: [UInt8]) -> Bool {
        guard !closed.load(ordering: .acquiring) else { return false }
        unsent.add(bytes.count, ordering: .relaxed)
        responseBytes.add(bytes.count)
        inbox.send(.write(id, bytes))
        return true
    }

    func finish(keepAlive: Bool) {
        inbox.send(.finish(id, keepAlive: keepAlive))
    }
}
