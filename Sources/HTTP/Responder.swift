import Monotonic
import Synchronization

/// What runs on a worker for each request: route, call the handler, turn errors into problems, then apply
/// CORS, conditional requests, HEAD and gzip, encode, and hand the bytes to the connection's I/O thread.
struct Responder<Context>: Sendable {
    let router: Router<Context>
    let configuration: ServerConfiguration
    let metrics: Metrics
    /// Set once graceful shutdown starts: responses then close their connections.
    let draining: Flag

    /// Past the response budget, answers larger than this are refused; smaller ones (health, cached tiles,
    /// problems) still go out, so well-behaved clients keep being served while slow readers hold the budget.
    static var largeAnswerBytes: Int { 64 * 1024 }

    func handle(_ job: Job, context: inout Context) {
        var request = job.request
        var failure: String?
        let (response, route) = respond(&request, context: &context, failure: &failure)
        if response.bodyCount > Self.largeAnswerBytes, metrics.responseBytes.value > configuration.maxBufferedResponseBytes {
            let e = HTTPError.unavailable("the server holds too many unread answers", retryAfter: configuration.retryAfterSeconds)
            deliver(e.response, for: request, route: "(shed)", job: job, failure: nil)
            return
        }
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

    func finished(_ request: Request, route: String, status: Int, bytes: Int, since: UInt64, actor: String?, failure: String?) {
        let seconds = Double(MonotonicClock.nanoseconds() &- since) / 1e9
        metrics.record(route: route, method: request.method.rawValue, status: status, seconds: seconds)
        configuration.accessLog?(AccessLogEntry(method: request.method.rawValue, target: request.target, route: route, status: status,
                                                bytes: bytes, durationSeconds: seconds, remoteAddress: request.remoteAddress,
                                                actor: actor, failure: failure))
    }
}
