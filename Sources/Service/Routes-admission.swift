import HTTP

extension Routes {
    /// The check the HTTP server runs on a request's head, before any of its body is read (`ServerConfiguration
    /// .admission`): the same access check `Gate` runs before the handler, from the endpoint's declaration, so
    /// a write without a valid token, with a token whose role may not write there, or from an address sending
    /// bad tokens, is answered at once and its body never buffered; so is a read without a token when reads
    /// need one. Tokens come from memory (`TokenTable`). Handlers check again with the feature in hand (an
    /// enterprise's sources); this only turns the refusable away early.
    func admit(_ request: Request, router: Router<Worker>) -> HTTPError? {
        // Cached tiles come this way: with nothing to check, no route is matched on the I/O thread.
        if request.method == .options || (readsAreFree && (request.method == .get || request.method == .head)) { return nil }
        var request = request
        let access: Access
        if case .found(let route, let parameters) = router.match(request.method, path: request.rawPath) {
            request.parameters = parameters
            access = accessByRoute[route.index]
        } else {
            // No such route: the router answers 404 or 405, but not before the token is checked.
            access = [HTTPMethod.post, .put, .patch, .delete].contains(request.method) ? .anyToken : .read
        }
        do {
            _ = try gate.caller(access, request)
            return nil
        } catch let error as HTTPError {
            return error
        } catch {
            // The tokens could not be read: the handler meets the same failure and answers it properly.
            return nil
        }
    }

    /// What the I/O thread answers itself (`ServerConfiguration.immediate`): a GET or HEAD with no query
    /// parameters, to an endpoint that declares an answer from memory, from a caller its access admits (checked
    /// as `Gate` checks it; tokens come from memory). Everything else, and whatever that answer declines, goes
    /// to a worker. The route's parameters are set on the request lent.
    func answerFromMemory(_ request: inout Request, router: Router<Worker>) -> (Response, route: String)? {
        guard request.method == .get || request.method == .head, request.query.pairs.isEmpty,
              case .found(let route, let parameters) = router.match(request.method, path: request.rawPath),
              let answer = fromMemoryByRoute[route.index] else { return nil }
        let access = accessByRoute[route.index]
        request.parameters = parameters
        let caller = readsAreFree ? nil : try? gate.caller(access, request)
        guard readsAreFree || caller != nil, var response = answer(request) else { return nil }
        response.actor = caller?.logName
        return (response, route.pattern)
    }
}
