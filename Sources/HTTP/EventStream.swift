import Synchronization

/// A server-sent-events stream (`text/event-stream`). Return `Response.events(stream)` from a handler, keep the
/// stream, and call `send` from any thread; the connection stays open and the server adds heartbeat comments.
/// `send` returns false once the client has gone or the stream was closed, so publishers can drop it.
public final class EventStream: Sendable {
    private struct State {
        var handle: ConnectionHandle?
        /// Whether the connection may serve another request after the stream ends.
        var keepAlive = true
        var framing = BodyFraming.chunked
        /// Events sent before the response head went out, not yet framed.
        var early: [[UInt8]] = []
        var closed = false
        var onClose: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Sends one event; multi-line data becomes several `data:` lines.
    @discardableResult
    public func send(data: String, event: String? = nil, id: String? = nil) -> Bool {
        var text = ""
        if let event { text += "event: \(Self.oneLine(event))\n" }
        if let id { text += "id: \(Self.oneLine(id))\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return push(text + "\n")
    }

    /// Tells the client how long to wait before reconnecting after the stream drops.
    @discardableResult
    public func retry(milliseconds: Int) -> Bool { push("retry: \(milliseconds)\n\n") }

    /// Sends a comment line, which clients ignore.
    @discardableResult
    public func comment(_ text: String) -> Bool { push(": \(Self.oneLine(text))\n\n") }

    /// Calls `body` once when the stream ends, from either side. It may run on an I/O thread: keep it short.
    public func onClose(_ body: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { s in
            if !s.closed { s.onClose.append(body) }
            return s.closed
        }
        if runNow { body() }
    }

    /// Ends the response; the connection may then serve further requests.
    public func close() {
        guard let (handle, framing, keepAlive, callbacks) = end() else { return }
        // Not yet attached: `attach` will see the stream closed and end the response itself.
        if let handle { Self.finish(handle, framing, keepAlive: keepAlive) }
        callbacks.forEach { $0() }
    }

    private func push(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return state.withLock { s in
            guard !s.closed else { return false }
            guard let handle = s.handle else {
                s.early.append(bytes)
                return true
            }
            return handle.post(s.framing.frame(bytes))
        }
    }

    /// Called by the worker once the head is queued: events sent so far follow it.
    func attach(_ handle: ConnectionHandle, framing: BodyFraming, keepAlive: Bool) {
        let closedEarly = state.withLock { s in
            s.handle = handle
            s.framing = framing
            s.keepAlive = keepAlive
            for bytes in s.early { handle.post(framing.frame(bytes)) }
            s.early = []
            return s.closed
        }
        if closedEarly { Self.finish(handle, framing, keepAlive: keepAlive) }
    }

    private static func finish(_ handle: ConnectionHandle, _ framing: BodyFraming, keepAlive: Bool) {
        if framing.terminator.isEmpty || handle.post(framing.terminator) { handle.finish(keepAlive: keepAlive) }
    }

    /// Called by the I/O thread when the connection closes.
    func connectionClosed() {
        end()?.callbacks.forEach { $0() }
    }

    private func end() -> (handle: ConnectionHandle?, framing: BodyFraming, keepAlive: Bool, callbacks: [@Sendable () -> Void])? {
        state.withLock { s in
            guard !s.closed else { return nil }
            s.closed = true
            defer { s.onClose = [] }
            return (s.handle, s.framing, s.keepAlive, s.onClose)
        }
    }

    private static func oneLine(_ s: String) -> String {
        String(s.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
