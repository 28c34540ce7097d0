/// An error a handler throws to answer with a status other than 2xx. It renders itself as RFC 9457 problem+json.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    /// What was wrong with this request, in words the client can act on.
    public var detail: String
    /// A URI naming the kind of problem; "about:blank" means the status says it all.
    public var type: String
    /// A short summary of the kind of problem; defaults to the status's reason phrase.
    public var title: String
    /// Extra response headers (Allow, Retry-After, WWW-Authenticate, …).
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatus, _ detail: String, type: String = "about:blank", title: String? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.detail = detail
        self.type = type
        self.title = title ?? status.reason
        self.headers = headers
    }

    public var description: String { "\(status.code) \(title): \(detail)" }

    /// The problem+json response.
    public var response: Response {
        var h = headers
        h.set("Content-Type", "application/problem+json")
        h.set("Cache-Control", "no-store")
        return Response(status: status, headers: h, body: Problem.json(type: type, title: title, status: status.code, detail: detail))
    }
}

/// An error from below the HTTP layer (storage, validation, …) that knows which HTTPError it becomes.
/// Errors that do not conform become a 500 whose detail does not leak internals.
public protocol HTTPErrorConvertible: Error {
    var httpError: HTTPError { get }
}

extension HTTPError: HTTPErrorConvertible {
    public var httpError: HTTPError { self }
}

extension HTTPError {
    /// 503 with Retry-After: load the server sheds, telling the client when to come back.
    static func unavailable(_ reason: String, retryAfter seconds: Int) -> HTTPError {
        HTTPError(.serviceUnavailable, "\(reason); retry after \(seconds) s", headers: ["Retry-After": String(seconds)])
    }
}
