import HTTP
import Store

extension API {
    /// The check the HTTP server runs on a request's head, before any of its body is read (`ServerConfiguration
    /// .admission`): a write without a valid token, with a token whose role may not write there, or from an
    /// address sending bad tokens, is answered at once and its body never buffered; so is a read without a
    /// token when reads need one. Tokens come from memory (`TokenTable`), which reads the small tokens table
    /// again only after another process committed. Handlers check again, with the feature in hand (an
    /// enterprise's sources); this only turns the refusable away early.
    func admit(_ request: Request) -> HTTPError? {
        let isWrite = [HTTPMethod.post, .put, .patch, .delete].contains(request.method)
        if !isWrite && (config.anonymousReads || request.method == .options || request.path == "/health") { return nil }
        do {
            let caller = try auth.caller(request, forWrite: isWrite)
            guard isWrite, let token = caller.token else { return nil }
            if request.path == "/imports" {
                return token.role == .admin ? nil : auth.forbidden(request, caller, "imports need an admin token")
            }
            let segments = request.path.split(separator: "/")
            guard segments.count >= 3, segments[0] == "collections", segments[2] == "items" else { return nil }
            let layer = String(segments[1])
            return Caller.mayWrite(token.role, layer: layer) ? nil
                : auth.forbidden(request, caller, "role '\(token.role.rawValue)' may not change \(layer)")
        } catch let error as HTTPError {
            return error
        } catch {
            // The tokens could not be read: the handler meets the same failure and answers it properly.
            return nil
        }
    }
}
