/// Which browser origins may call the API (the Fetch standard's CORS protocol).
public struct CORSPolicy: Sendable {
    public enum Origins: Sendable {
        case none
        case any
        case list(Set<String>)
    }

    public var origins: Origins
    /// Request headers a preflight may ask for.
    public var allowedHeaders = ["Authorization", "Content-Type", "If-None-Match", "If-Match"]
    /// Response headers scripts may read.
    public var exposedHeaders = ["ETag", "Location", "Retry-After"]
    /// Seconds a browser may cache a preflight answer.
    public var maxAge = 600

    public init(origins: Origins) { self.origins = origins }

    public static let none = CORSPolicy(origins: .none)

    /// The Access-Control-Allow-Origin value for `origin`, or nil if it is not allowed.
    func allowOrigin(_ origin: String) -> String? {
        switch origins {
        case .none: nil
        case .any: "*"
        case .list(let set): set.contains(origin) ? origin : nil
        }
    }

    /// Headers added to an actual (non-preflight) response for an allowed origin.
    func apply(to headers: inout HTTPHeaders, origin: String?) {
        guard let origin, let allow = allowOrigin(origin) else { return }
        headers.set("Access-Control-Allow-Origin", allow)
        if allow != "*" { headers.add("Vary", "Origin") }
        if !exposedHeaders.isEmpty { headers.set("Access-Control-Expose-Headers", exposedHeaders.joined(separator: ", ")) }
    }

    /// The answer to a preflight OPTIONS request, given the methods the path allows.
    func preflight(origin: String, requestedMethod: String, requestedHeaders: String?, allowed: [HTTPMethod]) -> Response {
        guard let allow = allowOrigin(origin) else {
            return HTTPError(.forbidden, "the origin \(origin) may not call this API").response
        }
        guard allowed.contains(where: { $0.rawValue == requestedMethod }) else {
            var e = HTTPError(.methodNotAllowed, "\(requestedMethod) is not allowed here")
            e.headers.set("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            return e.response
        }
        let permitted = Set(allowedHeaders.map { $0.lowercased() })
        let asked = (requestedHeaders ?? "").split(separator: ",").map { String($0.trimmingOWS()) }.filter { !$0.isEmpty }
        if let refused = asked.first(where: { !permitted.contains($0.lowercased()) }) {
            return HTTPError(.forbidden, "the request header \(refused) is not allowed").response
        }
        var h: HTTPHeaders = [
            "Access-Control-Allow-Origin": allow,
            "Access-Control-Allow-Methods": allowed.map(\.rawValue).joined(separator: ", "),
            "Access-Control-Max-Age": String(maxAge),
        ]
        if !asked.isEmpty { h.set("Access-Control-Allow-Headers", asked.joined(separator: ", ")) }
        if allow != "*" { h.add("Vary", "Origin") }
        return Response(status: .noContent, headers: h)
    }
}
