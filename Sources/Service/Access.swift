import Foundation
import HTTP
import Monotonic
import Store

/// Who may call an endpoint.
enum Access: Sendable, Equatable {
    /// Anyone, even when reads need a token (`anonymousReads: false`): /health, for load balancers.
    case open
    /// Anyone while `anonymousReads` is on; otherwise any valid bearer token.
    case read
    /// A token whose role may change the layer named by `{collectionId}` (`Caller.mayWrite`).
    case write
    /// An admin token.
    case admin
    /// Any valid token: what the head check asks of a write to a path no endpoint serves.
    case anyToken
}

/// The one wrapper every handler runs behind: it checks the endpoint's declared access and query
/// parameters, then calls the handler with the caller it found.
struct Gate: Sendable {
    let auth: Authenticator
    let errors: ErrorCounters

    func wrap(_ e: Endpoint) -> Handler<Worker> {
        let handler = e.handler
        return { [self] request, worker in
            do {
                let caller = try caller(e.access, request)
                try Self.checkQuery(e.query, propertyFilters: e.propertyFilters, request)
                // A statement a handler left mid-result would keep the worker's read snapshot open, and its next
                // requests would not see later writes.
                defer { worker.reader.connection.resetStatements() }
                let started = MonotonicClock.seconds()
                var response = try handler(request, caller, &worker)
                response.actor = caller.logName
                // The handler's own time (W3C Server-Timing), so a client can tell the server's work from the way.
                response.headers.set("Server-Timing", "app;dur=" + Self.milliseconds(MonotonicClock.seconds() - started))
                // That header differs per request: this answer's head is not one to keep for others (`KeptHead`).
                response.keptHead = nil
                return response
            } catch {
                errors.note(error, request)
                throw error
            }
        }
    }

    /// Seconds as milliseconds with three decimals ("0.734"), what `String(format: "%.3f")` wrote, without
    /// Foundation's formatter (a percent of a short route's handler time).
    static func milliseconds(_ seconds: Double) -> String {
        let micro = Int((max(seconds, 0) * 1_000_000).rounded())
        let fraction = String(micro % 1000)
        return "\(micro / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// The caller, or the 401/403/429 that refuses it. Reads with `anonymousReads` on look at no token.
    func caller(_ access: Access, _ request: Request) throws -> Caller {
        switch access {
        case .open:
            return Caller(token: nil)
        case .read:
            return auth.anonymousReads ? Caller(token: nil) : try auth.caller(request, forWrite: false)
        case .anyToken:
            return try auth.caller(request, forWrite: true)
        case .write:
            return try auth.writer(request, layer: request.parameters["collectionId"] ?? "")
        case .admin:
            let caller = try auth.caller(request, forWrite: true)
            guard caller.token?.role == .admin else {
                throw Authenticator.forbidden(request, caller, "\(request.method) \(request.path) needs an admin token")
            }
            return caller
        }
    }

    /// A 400 naming the allowed parameters when the request sends another.
    static func checkQuery(_ allowed: [String], propertyFilters: Bool, _ request: Request) throws {
        let layer = propertyFilters ? Catalog.layer(request.parameters["collectionId"] ?? "") : nil
        // An unknown layer is the handler's 404, not a parameter problem.
        if propertyFilters && layer == nil { return }
        guard let bad = request.query.pairs.first(where: { !allowed.contains($0.name) && layer?.field($0.name) == nil }) else { return }
        var use = allowed.isEmpty ? "this endpoint takes none" : "use " + allowed.joined(separator: ", ")
        if let layer { use += " or a property of \(layer.name): " + layer.fields.map(\.name).joined(separator: ", ") }
        throw HTTPError(.badRequest, "unknown query parameter '\(bad.name)'; \(use)")
    }
}
