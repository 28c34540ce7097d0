/// Running the matched handler: what the server does on a worker, and what tests call without sockets.
extension Router {
    /// The response for `request`: the handler's, or a problem for 404, 405 and thrown errors.
    /// OPTIONS on a known path answers 204 with Allow.
    public func respond(to request: Request, context: inout Context) -> Response {
        var r = request
        var failure: String?
        return respond(to: &r, context: &context, failure: &failure).response
    }

    /// Also returns the route pattern (metrics and logs name requests by it) and, for a 500 caused by an error
    /// that maps to no status, that error's description for the log.
    func respond(to request: inout Request, context: inout Context, failure: inout String?) -> (response: Response, route: String) {
        switch match(request.method, path: request.rawPath) {
        case .found(let route, let parameters):
            request.parameters = parameters
            do {
                return (try route.handler(request, &context), route.pattern)
            } catch let error as HTTPErrorConvertible {
                return (error.httpError.response, route.pattern)
            } catch {
                failure = String(describing: error)
                return (HTTPError(.internalServerError, "the server failed while handling this request").response, route.pattern)
            }
        case .methodNotAllowed(let allow):
            let list = allow.map(\.rawValue).joined(separator: ", ")
            if request.method == .options {
                return (Response(status: .noContent, headers: ["Allow": list]), "options")
            }
            let e = HTTPError(.methodNotAllowed, "\(request.method) is not allowed on \(request.path); allowed: \(list)", headers: ["Allow": list])
            return (e.response, "unmatched")
        case .notFound:
            return (HTTPError(.notFound, "no resource at \(request.path)").response, "unmatched")
        }
    }
}
