import HTTP
import Store

/// Who is asking, from the `Authorization: Bearer` header, and what their role lets them do.
struct Caller {
    let token: Token?

    var actor: String { token.map { "token \($0.id) '\($0.name)' (\($0.role.rawValue))" } ?? "anonymous" }
    /// How the access log names the caller: the token's id, never its secret; nil when anonymous.
    var logName: String? { token.map { "token \($0.id)" } }

    /// How this caller's writes are recorded and limited: an enterprise token acts only for its own sources, an
    /// editor token limited to areas only inside them.
    var writeContext: WriteContext {
        WriteContext(actor: actor, sources: token.flatMap { $0.role == .enterprise ? Set($0.sources) : nil },
                     areas: token.flatMap { $0.role == .editor && !$0.areas.isEmpty ? $0.areas : nil })
    }

    /// Refuses (403, logged) a caller whose token has none of `roles`; `what` says what needed them.
    func require(_ roles: Set<Token.Role>, _ request: Request, for what: String) throws {
        guard let role = token?.role, roles.contains(role) else {
            throw Authenticator.forbidden(request, self, "\(what) needs a token of role \(roles.map(\.rawValue).sorted().joined(separator: " or "))")
        }
    }

    /// Layers a role may change. Enterprises report their own temporary risks and risk items; editors and
    /// admins maintain every layer but the alerts.
    static func mayWrite(_ role: Token.Role, layer: String) -> Bool {
        // Alerts are raised by the rules and acknowledged through POST /alerts/{id}/ack, never edited.
        guard layer != Catalog.alerts.name else { return false }
        return switch role {
        case .editor, .admin: true
        case .enterprise: layer == Catalog.risks.name || layer == Catalog.reports.name
        case .viewer, .planner, .responder: false
        }
    }
}

/// Checks bearer tokens against the live tokens held in memory (`TokenTable`), refusing an address that
/// keeps sending bad ones (`AuthFailures`).
struct Authenticator: Sendable {
    let tokens: TokenTable
    let failures: AuthFailures
    let anonymousReads: Bool

    /// The caller, or 401 when a token is given but unknown (or required and missing), 429 when the address
    /// has sent too many bad tokens lately.
    func caller(_ request: Request, forWrite: Bool) throws -> Caller {
        guard let header = request.headers["Authorization"] else {
            if forWrite || !anonymousReads {
                throw HTTPError(.unauthorized, forWrite ? "writes need an Authorization: Bearer token" : "this server needs a bearer token for reads",
                                headers: ["WWW-Authenticate": "Bearer realm=\"riskmap\""])
            }
            return Caller(token: nil)
        }
        let address = AuthFailures.host(of: request.remoteAddress)
        try failures.check(address)
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let token = try tokens.token(secret: parts[1].trimmingSpaces) else {
            // Failed attempts are logged with the caller's address, never the secret.
            failures.record(address, request)
            throw HTTPError(.unauthorized, "the bearer token is not valid (unknown or revoked)",
                            headers: ["WWW-Authenticate": "Bearer realm=\"riskmap\", error=\"invalid_token\""])
        }
        return Caller(token: token)
    }

    func writer(_ request: Request, layer: String) throws -> Caller {
        let caller = try caller(request, forWrite: true)
        guard let token = caller.token, Caller.mayWrite(token.role, layer: layer) else {
            throw Self.forbidden(request, caller, "role '\(caller.token?.role.rawValue ?? "none")' may not change \(layer)")
        }
        return caller
    }

    /// A 403, logged: refusals of known tokens are what an operator looks for after an incident.
    static func forbidden(_ request: Request, _ caller: Caller, _ detail: String) -> HTTPError {
        writeLog("auth: forbidden \(caller.actor) from \(request.remoteAddress) for \(request.method) \(request.path): \(detail)")
        return HTTPError(.forbidden, detail)
    }
}
