import HTTP
import Store

/// Who is asking, from the `Authorization: Bearer` header, and what their role lets them do.
struct Caller {
    let token: Token?

    var actor: String { token.map { "token \($0.id) '\($0.name)' (\($0.role.rawValue))" } ?? "anonymous" }

    /// Layers a role may change. Enterprises report their own temporary risks and risk items; editors and
    /// admins maintain every layer.
    static func mayWrite(_ role: Token.Role, layer: String) -> Bool {
        switch role {
        case .editor, .admin: true
        case .enterprise: layer == Catalog.risks.name || layer == Catalog.reports.name
        case .viewer, .planner, .responder: false
        }
    }
}

struct Authenticator: Sendable {
    let store: Store
    let anonymousReads: Bool

    /// The caller, or 401 when a token is given but unknown (or required and missing).
    func caller(_ request: Request, forWrite: Bool) throws -> Caller {
        guard let header = request.headers["Authorization"] else {
            if forWrite || !anonymousReads {
                throw HTTPError(.unauthorized, forWrite ? "writes need an Authorization: Bearer token" : "this server needs a bearer token for reads",
                                headers: ["WWW-Authenticate": "Bearer realm=\"riskmap\""])
            }
            return Caller(token: nil)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let token = try store.token(secret: parts[1].trimmingSpaces) else {
            // Failed attempts are logged with the caller's address, never the secret.
            writeLog("auth: rejected bearer token from \(request.remoteAddress) for \(request.method) \(request.path)")
            throw HTTPError(.unauthorized, "the bearer token is not valid (unknown or revoked)",
                            headers: ["WWW-Authenticate": "Bearer realm=\"riskmap\", error=\"invalid_token\""])
        }
        return Caller(token: token)
    }

    func writer(_ request: Request, layer: String) throws -> Caller {
        let caller = try caller(request, forWrite: true)
        guard let token = caller.token, Caller.mayWrite(token.role, layer: layer) else {
            throw HTTPError(.forbidden, "role '\(caller.token?.role.rawValue ?? "none")' may not change \(layer)")
        }
        return caller
    }
}
