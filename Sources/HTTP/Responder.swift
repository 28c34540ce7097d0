import Synchronization

/// What runs on a worker for each request: route, call the handler, turn errors into problems, then apply
/// CORS, conditional requests, HEAD and gzip, encode, and hand the bytes to the connection's I/O thread.
struct Responder<Context>: Sendable {
    let router: Router<Context>
    let configuration: ServerConfiguration
    let metrics: Metrics
    /// Set once graceful shutdown starts: responses then close their connections.
    let draining: Flag

    func handle(_ job: Job, context: inout Context) {
        var request = job.request
        var failure: String?
        let (response, route) = respond(&request, context: &context, failure: &failure)
        deliver(response, for: request, route: route, job: job, failure: failure)
    }

    /// The handler's response, or the problem that replaces it, and the route name for metrics.
    func respond(_ request: inout Request, context: inout Context, failure: inout String?) -> (Response, String) {
        if request.method == .options, let origin = request.headers["Origin"],
           let wanted = request.headers["Access-Control-Request-Method"] {
            let allowed = router.allowedMethods(path: request.rawPath)
            guard !allowed.isEmpty else { return (HTTPError(.notFound, "no resource at \(request.path)").response, "unmatched") }
            let r = configuration.cors.preflight(origin: origin, requestedMethod: wanted,
                                                 requestedHeaders: request.headers["Access-Control-Request-Headers"], allowed: allowed)
            return (r, "preflight")
        }
        return router.respond(to: &request, context: &context, failure: &failure)
    }

    private func deliver(_ original: Response, for request: Request, route: String, job: Job, failure handlerFailure: String?) {
        var response = original
        var failure = handlerFailure
        configuration.cors.apply(to: &response.headers, origin: request.headers["Origin"])
        let keepAlive = request.keepAlive && !draining.isSet
        let isHead = request.method == .head
        var sent = 0
        /// Whether the connection may serve another request once this response is out; nil while an event
        /// stream keeps the response open.
        var ending: Bool? = keepAlive
        switch response.body {
        case .bytes(let body):
            var bytes = body
            if let status = notModified(response, request) {
                response.status = status
                // A 304 carries the headers the 200 would have had, the gzip variant's tag included.
                if willCompress(response, bytes.count, request), let tag = response.headers["ETag"] {
                    response.headers.add("Vary", "Accept-Encoding")
                    response.headers.set("ETag", ETag.gzipVariant(tag))
                }
                bytes = []
            } else {
                compress(&response, &bytes, request)
            }
            var out = ResponseEncoder.head(response.status, response.headers, length: .fixed(bytes.count), keepAlive: keepAlive,
                                           serverName: configuration.serverName)
            if !isHead && response.status.allowsBody {
                out.append(contentsOf: bytes)
                sent = bytes.count
            }
            job.handle.post(out)
        case .stream(let produce):
            job.handle.post(ResponseEncoder.head(response.status, response.headers, length: .chunked, keepAlive: keepAlive,
                                                 serverName: configuration.serverName))
            guard !isHead && response.status.allowsBody else { break }
            let writer = BodyWriter(handle: job.handle, writeTimeout: configuration.writeTimeout)
            do {
                try produce(writer)
                job.handle.post(ResponseEncoder.lastChunk)
            } catch {
                // The head has gone out, so the status cannot change: closing without the last chunk tells the
                // client the body is incomplete.
                if !(error is ClientDisconnected) { failure = String(describing: error) }
                ending = false
            }
            sent = writer.bytesWritten
        case .events(let stream):
            job.handle.post(ResponseEncoder.head(response.status, response.headers, length: .chunked, keepAlive: keepAlive,
                                                 serverName: configuration.serverName))
            if !isHead {
                job.handle.inbox.send(.attach(job.handle.id, stream))
                stream.attach(job.handle)
                ending = nil
            }
        }
        // Logged before `finish` lets the I/O thread start this connection's next request, so a connection's
        // log lines stay in request order.
        finished(request, route: route, status: response.status.code, bytes: sent, since: job.received, failure: failure)
        if let ending { job.handle.finish(keepAlive: ending) }
    }

    /// 304 when the response has an ETag that If-None-Match names (RFC 9110 §13.1.2), for GET and HEAD.
    private func notModified(_ response: Response, _ request: Request) -> HTTPStatus? {
        guard request.method == .get || request.method == .head, (200..<300).contains(response.status.code),
              let tag = response.headers["ETag"], let condition = request.headers["If-None-Match"],
              ETag.matches(ifNoneMatch: condition, tag) else { return nil }
        return .notModified
    }

    /// Whether the body is a candidate for gzip: a type that compresses, large enough, and the client accepts it.
    private func willCompress(_ response: Response, _ count: Int, _ request: Request) -> Bool {
        !response.headers.contains("Content-Encoding") && Gzip.compressible(response.headers["Content-Type"])
            && count >= configuration.gzipMinimumBytes && Gzip.accepted(by: request.headers["Accept-Encoding"])
    }

    /// Replaces the body with its gzip form when the client accepts it and it comes out smaller.
    private func compress(_ response: inout Response, _ bytes: inout [UInt8], _ request: Request) {
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

    func finished(_ request: Request, route: String, status: Int, bytes: Int, since: UInt64, failure: String?) {
        let seconds = Double(System.monotonicNanoseconds() &- since) / 1e9
        metrics.record(route: route, method: request.method.rawValue, status: status, seconds: seconds)
        configuration.accessLog?(AccessLogEntry(method: request.method.rawValue, path: request.path, route: route, status: status,
                                                bytes: bytes, durationSeconds: seconds, remoteAddress: request.remoteAddress,
                                                failure: failure))
    }
}
