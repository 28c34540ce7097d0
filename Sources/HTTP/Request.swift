/// One parsed request. The server fills `remoteAddress`; the router fills `parameters`.
public struct Request: Sendable {
    public var method: HTTPMethod
    /// The request target exactly as sent ("/a%20b?x=1").
    public var target: String
    /// The percent-decoded path ("/a b").
    public var path: String
    public var query: QueryParameters
    public var headers: HTTPHeaders
    /// Fields sent after a chunked body.
    public var trailers: HTTPHeaders
    public var body: [UInt8]
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    public var minorVersion: Int
    public var remoteAddress: String
    /// Values of the `{name}` segments of the matched route, and `*` for the wildcard's rest of the path.
    public var parameters: [String: String]
    /// The path as sent, before percent-decoding; the router splits it into segments.
    public let rawPath: Substring

    public init(method: HTTPMethod, target: String, headers: HTTPHeaders = [:], body: [UInt8] = [], minorVersion: Int = 1,
                remoteAddress: String = "") throws(HTTPError) {
        let (rawPath, path, query) = try TargetParser.split(target, method: method)
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.headers = headers
        self.trailers = [:]
        self.body = body
        self.minorVersion = minorVersion
        self.remoteAddress = remoteAddress
        self.parameters = [:]
        self.rawPath = rawPath
    }

    /// Whether the client lets the connection stay open after this request (RFC 9112 §9.3).
    public var keepAlive: Bool {
        if headers.containsToken("Connection", "close") { return false }
        return minorVersion >= 1 || headers.containsToken("Connection", "keep-alive")
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Decoded query parameters in the order sent. A name may repeat.
public struct QueryParameters: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public let pairs: [(name: String, value: String)]

    public init(_ pairs: [(name: String, value: String)]) { self.pairs = pairs }
    public init(dictionaryLiteral elements: (String, String)...) { pairs = elements.map { (name: $0.0, value: $0.1) } }

    /// The first value of `name`.
    public subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    public func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    public var isEmpty: Bool { pairs.isEmpty }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { pairs.makeIterator() }
}
