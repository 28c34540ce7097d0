import Glibc
import Gzip
import MemoryFile

/// A response whose body is in hand, made ready to send the same way on a worker and on the I/O thread
/// (`ServerConfiguration.immediate`): CORS headers, 304 for a matching If-None-Match, gzip when the client
/// accepts it, the head encoded, and the body unless the request is HEAD or the status has none.
struct BytesAnswer {
    /// The head, then the body unless it is empty or not sent: separate segments, so a cached body is sent
    /// from where it is held (one sendmsg takes both) instead of being copied behind its head.
    let segments: [[UInt8]]
    /// The response's file copy of its body when the body goes out as it came (not gzipped, not left out).
    let bodyFile: FileBytes?
    let status: Int
    /// Body bytes sent, before framing.
    let sent: Int

    init(_ original: Response, body: [UInt8], for request: Request, keepAlive: Bool, configuration: ServerConfiguration) {
        let plain = original.keptHead == nil ? nil : PlainRequest(request, keepAlive: keepAlive)
        self.init(original, body: body, for: request, keepAlive: keepAlive, plain: plain, configuration: configuration)
    }

    /// `plain`: the request's `PlainRequest`, when the caller has made it already (nil: not a plain request).
    init(_ original: Response, body: [UInt8], for request: Request, keepAlive: Bool, plain: PlainRequest?,
         configuration: ServerConfiguration) {
        // A plain request gets the head kept for its kind and second, when there is one: the same bytes the steps
        // below would make. Those steps keep what they make for the next such request.
        let keeping = original.keptHead.flatMap { kept in plain.map { (kept, $0.kind, $0.second) } }
        if let (kept, kind, second) = keeping, let head = kept.bytes(second: second, kind: kind) {
            self.init(original, head: head, body: body, for: request, file: original.bodyFile)
            return
        }
        var response = original
        configuration.cors.apply(to: &response.headers, origin: request.headers["Origin"])
        var bytes = body
        var unchanged = false
        if Self.notModified(response, request) {
            response.status = .notModified
            // A 304 carries the headers the 200 would have had, the gzip variant's tag included.
            if Self.willCompress(response, bytes.count, request, configuration), let tag = response.headers["ETag"] {
                response.headers.addVaryAcceptEncoding()
                response.headers.set("ETag", ETag.gzipVariant(tag))
            }
            bytes = []
        } else {
            unchanged = !Self.compress(&response, &bytes, request, configuration)
        }
        let head = ResponseEncoder.head(response.status, response.headers, length: .fixed(bytes.count), keepAlive: keepAlive,
                                        serverName: configuration.serverName)
        if let (kept, kind, second) = keeping, unchanged, response.status == original.status { kept.keep(head, second: second, kind: kind) }
        self.init(response, head: head, body: bytes, for: request, file: unchanged ? original.bodyFile : nil)
    }

    /// The answer from its head and the body that goes out (with its file copy when it is that body's).
    private init(_ response: Response, head: [UInt8], body: [UInt8], for request: Request, file: FileBytes?) {
        let withBody = request.method != .head && response.status.allowsBody && !body.isEmpty
        segments = withBody ? [head, body] : [head]
        bodyFile = withBody && file?.count == body.count ? file : nil
        status = response.status.code
        sent = withBody ? body.count : 0
    }


    /// Whether the response has an ETag that If-None-Match names (RFC 9110 §13.1.2), for GET and HEAD.
    static func notModified(_ response: Response, _ request: Request) -> Bool {
        guard request.method == .get || request.method == .head, (200..<300).contains(response.status.code),
              let tag = response.headers["ETag"], let condition = request.headers["If-None-Match"] else { return false }
        return ETag.matches(ifNoneMatch: condition, tag)
    }

    /// Whether the body is a candidate for gzip: a type that compresses, large enough, and the client accepts it.
    private static func willCompress(_ response: Response, _ count: Int, _ request: Request, _ configuration: ServerConfiguration) -> Bool {
        !response.headers.contains("Content-Encoding") && Gzip.compressible(response.headers["Content-Type"])
            && count >= configuration.gzipMinimumBytes && Gzip.accepted(by: request.headers["Accept-Encoding"])
    }

    /// Replaces the body with its gzip form when the client accepts it and it comes out smaller; true if it did.
    private static func compress(_ response: inout Response, _ bytes: inout [UInt8], _ request: Request, _ configuration: ServerConfiguration) -> Bool {
        guard response.status.allowsBody, !response.headers.contains("Content-Encoding"),
              Gzip.compressible(response.headers["Content-Type"]) else { return false }
        // Caches must key on Accept-Encoding whenever the type could be compressed, whatever this client got.
        response.headers.addVaryAcceptEncoding()
        guard willCompress(response, bytes.count, request, configuration), let gz = Gzip.compress(bytes, level: configuration.gzipLevel),
              gz.count < bytes.count else { return false }
        bytes = gz
        response.headers.set("Content-Encoding", "gzip")
        if let tag = response.headers["ETag"] { response.headers.set("ETag", ETag.gzipVariant(tag)) }
        return true
    }
}

extension HTTPHeaders {
    /// `Vary: Accept-Encoding`, unless the response says so already.
    mutating func addVaryAcceptEncoding() {
        if !containsToken("Vary", "Accept-Encoding") { add("Vary", "Accept-Encoding") }
    }
}

/// A request every answer kept for everyone may serve (`KeptHead`, `AnswerMemo`): a GET or HEAD with no Origin (no
/// CORS headers to add) and no If-None-Match (no 304 to decide). `kind` is what else in it changes the head
/// (keep-alive, HEAD, whether the client takes gzip, which may decide the encoding); `second` is the one the head's
/// Date would name.
struct PlainRequest {
    let kind: UInt8
    let second: Int

    init?(_ request: Request, keepAlive: Bool) {
        guard request.method == .get || request.method == .head, request.headers["Origin"] == nil,
              request.headers["If-None-Match"] == nil else { return nil }
        kind = (keepAlive ? 1 : 0) | (request.method == .head ? 2 : 0) | (Gzip.accepted(by: request.headers["Accept-Encoding"]) ? 4 : 0)
        second = Int(time(nil))
    }
}
