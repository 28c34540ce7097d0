import MemoryFile
/// One client connection's state. Owned by a single I/O thread and touched by no other, so it needs no locks;
/// workers reach it only through its `ConnectionHandle` and the loop's inbox.
final class Connection {
    enum Pending {
        /// `reserved`: request-body bytes counted against the budget for it.
        case request(Request, received: UInt64, reserved: Int)
        /// An answer the loop gives instead of reading on: the parser refused the input, the admission hook the
        /// head, or the budget its body. Answered in turn, then the connection closes.
        case refusal(Refusal)
    }

    struct Refusal {
        let error: HTTPError
        /// The route recorded in metrics and the access log: "(unparsed)", "(refused)" or "(shed)".
        let route: String
        let method: String
        /// The request target as sent ("-" when none was parsed).
        let target: String
        let received: UInt64
    }

    let id: UInt64
    let fd: Int32
    let remote: String
    let handle: ConnectionHandle
    var input = InputBuffer()
    var parser: RequestParser
    /// Parsed requests waiting for the one in flight, so pipelined responses leave in request order.
    var pending: [Pending] = []
    /// A worker owns the current request (or its streamed response is still being written).
    var inFlight = false
    /// The current response is an open event stream, framed this way.
    var events: (stream: EventStream, framing: BodyFraming)?
    /// Output segments and whether each came through the handle (and so counts in `handle.unsent`).
    /// Bytes to send, in order; a segment with a file copy of its bytes goes out from the file (sendfile).
    var output: [(bytes: [UInt8], posted: Bool, file: FileBytes?)] = []
    var outputOffset = 0
    var outputBytes = 0
    /// False once the client has half-closed, or the server will read no more (an error, shutdown).
    var reading = true
    /// Close once the output has drained and nothing is in flight or pending.
    var closeWhenDone = false
    var continueSent = false
    /// Request-body bytes this connection holds against `maxBufferedRequestBytes`, all released when it closes;
    /// of them, those of the request being read and of the one with a worker.
    var reservedBytes = 0
    var parsingReserved = 0
    var inFlightReserved = 0
    /// The registered epoll interest, to skip redundant epoll_ctl calls.
    var interest: UInt32

    /// Monotonic nanoseconds: start of the head being read (for the first request, the accept: a client that
    /// connects and sends nothing gets the header timeout, not the longer idle one), start of the body being
    /// read, last time the connection did anything, and last time the socket accepted output (or had none to take).
    var headStarted: UInt64?
    var bodyStarted: UInt64?
    var lastActivity: UInt64
    var lastWrite: UInt64

    init(id: UInt64, fd: Int32, remote: String, handle: ConnectionHandle, limits: ParserLimits, interest: UInt32, now: UInt64) {
        self.id = id
        self.fd = fd
        self.remote = remote
        self.handle = handle
        self.parser = RequestParser(limits: limits)
        self.interest = interest
        self.headStarted = now
        self.lastActivity = now
        self.lastWrite = now
    }

    /// Nothing in flight, pending, buffered or being written: safe to close at any moment.
    var isIdle: Bool { !inFlight && pending.isEmpty && output.isEmpty && !parser.isMidRequest(input) }

    var isDone: Bool { closeWhenDone && !inFlight && pending.isEmpty && output.isEmpty }
}
