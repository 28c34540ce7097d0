import MemoryFile

/// What a handler returns. Not Sendable: a streamed body may capture the worker's context, and it runs on that
/// worker right after the handler returns.
public struct Response {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: ResponseBody
    /// Who asked, for the access log ("token 12"); never sent.
    public var actor: String?
    /// The `.bytes` body also held in a memory file: an answer the I/O thread gives sends it from there with
    /// sendfile when it goes out unchanged (not gzipped, not a 304 or HEAD). Workers send the bytes.
    public var bodyFile: FileBytes?
    /// Where the encoded head may be kept for the next request of the same kind (`KeptHead`): set by a handler
    /// whose answer is the same bytes for everyone (a cached tile), never by one whose headers vary per caller.
    public var keptHead: KeptHead?
    /// Set on an answer from memory (`ServerConfiguration.immediate`) that every plain request for the same target
    /// gets alike: the I/O thread may then give it again as it is while this says it holds (`AnswerMemo`).
    public var reuse: Reuse?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = .bytes(body)
    }

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: ResponseBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func text(_ text: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }

    public static func json(_ bytes: [UInt8], status: HTTPStatus = .ok, contentType: String = "application/json") -> Response {
        Response(status: status, headers: ["Content-Type": contentType], body: bytes)
    }

    /// A body produced in chunks (Transfer-Encoding: chunked) by `produce` on the worker thread.
    public static func stream(status: HTTPStatus = .ok, contentType: String, _ produce: @escaping (BodyWriter) throws -> Void) -> Response {
        Response(status: status, headers: ["Content-Type": contentType], body: .stream(produce))
    }

    /// A server-sent-events response: the connection stays open and `stream` carries what other threads send.
    public static func events(_ stream: EventStream) -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-store"], body: .events(stream))
    }

    /// The same response with a strong ETag computed from the body bytes (FNV-1a, 64 bits), unless it has one.
    public func withContentETag() -> Response {
        guard headers["ETag"] == nil, case .bytes(let bytes) = body else { return self }
        var r = self
        r.headers.set("ETag", ETag.of(bytes))
        return r
    }
}

public enum ResponseBody {
    case bytes([UInt8])
    /// Written chunk by chunk; the writer throws once the client has gone, which ends the producer.
    case stream((BodyWriter) throws -> Void)
    case events(EventStream)
}
