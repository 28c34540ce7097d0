import Gzip

/// Conditional requests and content coding.
extension Responder {
    /// 304 when the response has an ETag that If-None-Match names (RFC 9110 §13.1.2), for GET and HEAD.
    func notModified(_ response: Response, _ request: Request) -> HTTPStatus? {
        guard request.method == .get || request.method == .head, (200..<300).contains(response.status.code),
              let tag = response.headers["ETag"], let condition = request.headers["If-None-Match"],
              ETag.matches(ifNoneMatch: condition, tag) else { return nil }
        return .notModified
    }

    /// Whether the body is a candidate for gzip: a type that compresses, large enough, and the client accepts it.
    func willCompress(_ response: Response, _ count: Int, _ request: Request) -> Bool {
        !response.headers.contains("Content-Encoding") && Gzip.compressible(response.headers["Content-Type"])
            && count >= configuration.gzipMinimumBytes && Gzip.accepted(by: request.headers["Accept-Encoding"])
    }

    /// Replaces the body with its gzip form when the client accepts it and it comes out smaller.
    func compress(_ response: inout Response, _ bytes: inout [UInt8], _ request: Request) {
        guard response.status.allowsBody, !response.headers.contains("Content-Encoding"),
              Gzip.compressible(response.headers["Content-Type"]) else { return }
        // Caches must key on Accept-Encoding whenever the type could be compressed, whatever this client got.
        response.headers.add("Vary", "Accept-Encoding")
        guard willCompress(response, bytes.count, request), let gz = Gzip.compress(bytes, level: configuration.gzipLevel),
              gz.count < bytes.count else { return }
        bytes = gz
        response.headers.set("Content-Encoding", "gzip")
        if let tag = response.headers["ETag"] { response.headers.set("ETag", ETag.gzipVariant(tag)) }
    }

}
