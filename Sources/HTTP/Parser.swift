/// An incremental HTTP/1.1 request parser (RFC 9112). Feed it the connection's buffer after each read; it
/// returns each request's head, then the complete request, in order, `nil` when it needs more bytes, and throws
/// an `HTTPError` with the status to answer (400, 413, 414, 417, 431, 501, 505) when the input is malformed or
/// too large. After a throw the connection's framing is lost and it must be closed once the error is sent.
struct RequestParser {
    enum Parsed {
        /// A request's head, with an empty body: none of the body has been read yet, so the connection can
        /// still refuse it (see `ServerConfiguration.admission`).
        case head(Request)
        /// The whole request, body included.
        case request(Request)
    }

    enum State {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
    }

    let limits: ParserLimits
    private(set) var state = State.head
    /// Where the search for the end of the head resumes, so a slowly arriving head is scanned once.
    var scanned = 0
    /// The request being read, once its head has arrived.
    private(set) var request: Request?
    private var trailerBytes = 0
    /// Set when a complete head asked for "100 Continue"; the connection sends it once and clears the flag.
    var wantsContinue = false

    init(limits: ParserLimits) { self.limits = limits }

    /// Whether part of a request has been read: a connection in this state is not idle.
    func isMidRequest(_ input: InputBuffer) -> Bool {
        if case .head = state { return !input.isEmpty }
        return true
    }

    /// Body bytes of the request being read: those that have arrived, plus those its Content-Length or its
    /// current chunk still promises.
    var promisedBodyBytes: Int {
        let held = request?.body.count ?? 0
        switch state {
        case .fixedBody(let remaining), .chunkData(let remaining): return held + remaining
        default: return held
        }
    }

    mutating func next(_ input: inout InputBuffer) throws(HTTPError) -> Parsed? {
        while true {
            switch state {
            case .head:
                guard let head = try parseHead(&input) else { return nil }
                request = head.request
                switch head.framing {
                case .none: state = .fixedBody(remaining: 0)  // nothing to read: the next call completes it
                case .length(let n): state = .fixedBody(remaining: n)
                case .chunked: state = .chunkSize
                }
                // Capped so a client that declares a large body and stalls cannot make the server hold its size.
                request?.body.reserveCapacity(min(64 * 1024, head.framing.declaredLength))
                return .head(head.request)
            case .fixedBody(let remaining):
                let n = min(remaining, input.readable)
                request?.body.append(contentsOf: input.slice(0, n))
                input.consume(n)
                if n == remaining { return finish() }
                state = .fixedBody(remaining: remaining - n)
                return nil
            case .chunkSize:
                guard let size = try parseChunkSize(&input) else { return nil }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let n = min(remaining, input.readable)
                request?.body.append(contentsOf: input.slice(0, n))
                input.consume(n)
                guard n == remaining else {
                    state = .chunkData(remaining: remaining - n)
                    return nil
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard input.readable >= 2 else { return nil }
                guard input[0] == ASCII.cr && input[1] == ASCII.lf else {
                    throw HTTPError(.badRequest, "chunk data is not followed by CRLF")
                }
                input.consume(2)
                state = .chunkSize
            case .trailers:
                guard let line = input.findCRLF(from: 0) else {
                    if trailerBytes + input.readable > limits.maxHeaderBytes { throw HTTPError(.headerFieldsTooLarge, "the trailer section is larger than \(limits.maxHeaderBytes) bytes") }
                    return nil
                }
                trailerBytes += line + 2
                if trailerBytes > limits.maxHeaderBytes { throw HTTPError(.headerFieldsTooLarge, "the trailer section is larger than \(limits.maxHeaderBytes) bytes") }
                if line == 0 {
                    input.consume(2)
                    return finish()
                }
                let field = try Self.parseField(input.slice(0, line))
                request?.trailers.add(field.name, field.value)
                if request?.trailers.count ?? 0 > limits.maxHeaderCount { throw HTTPError(.headerFieldsTooLarge, "more than \(limits.maxHeaderCount) trailer fields") }
                input.consume(line + 2)
            }
        }
    }

    private mutating func finish() -> Parsed? {
        defer {
            request = nil
            state = .head
            scanned = 0
            trailerBytes = 0
            wantsContinue = false
        }
        return request.map(Parsed.request)
    }

    /// Reads a chunk-size line ("1a;ext=v\r\n"); nil if it has not all arrived.
    private mutating func parseChunkSize(_ input: inout InputBuffer) throws(HTTPError) -> Int? {
        let longest = 1024
        guard let end = input.findCRLF(from: 0) else {
            if input.readable > longest { throw HTTPError(.badRequest, "a chunk-size line is longer than \(longest) bytes") }
            return nil
        }
        guard end <= longest else { throw HTTPError(.badRequest, "a chunk-size line is longer than \(longest) bytes") }
        var size = 0
        var digits = 0
        var i = 0
        while i < end, let v = ASCII.hexValue(input[i]) {
            digits += 1
            guard digits <= 15 else { throw HTTPError(.payloadTooLarge, "a chunk size has more than 15 hex digits") }
            size = size << 4 | v
            i += 1
        }
        guard digits > 0 else { throw HTTPError(.badRequest, "invalid chunk size") }
        // Chunk extensions are allowed and ignored; anything else after the digits is not a chunk size.
        while i < end, input[i] == ASCII.space || input[i] == ASCII.tab { i += 1 }
        guard i == end || input[i] == UInt8(ascii: ";") else { throw HTTPError(.badRequest, "invalid chunk size") }
        let received = request?.body.count ?? 0
        guard size <= limits.maxBodyBytes - received else {
            throw HTTPError(.payloadTooLarge, "the request body is larger than \(limits.maxBodyBytes) bytes")
        }
        input.consume(end + 2)
        return size
    }
}
