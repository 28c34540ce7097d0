import HTTP
import Store
import Synchronization

/// Failures counted for /metrics as the gate sees them: database errors (SQLite failing under a handler), and
/// writes refused, by reason (the status their problem carries, named).
final class ErrorCounters: Sendable {
    private let database = Atomic<Int>(0)
    private let refusals = Mutex<[String: Int]>([:])

    /// Counts `error`, thrown by the handler of `request` (or by its access check).
    func note(_ error: any Error, _ request: Request) {
        if error is SQLiteError { database.add(1, ordering: .relaxed) }
        guard request.method != .get && request.method != .head else { return }
        let status = (error as? HTTPError)?.status.code ?? (error as? any HTTPErrorConvertible)?.httpError.status.code ?? 500
        refusals.withLock { $0[Self.reason(status), default: 0] += 1 }
    }

    var databaseErrors: Int { database.load(ordering: .relaxed) }
    var writeRefusals: [String: Int] { refusals.withLock { $0 } }

    /// The reason a refused write is counted under.
    static func reason(_ status: Int) -> String {
        switch status {
        case 400, 422: "invalid"
        case 401: "unauthenticated"
        case 403: "forbidden"
        case 404: "not_found"
        case 409: "conflict"
        case 413: "too_large"
        case 415: "unsupported_media_type"
        case 429: "rate_limited"
        case 503: "busy"
        case 500...: "server_error"
        default: "status_\(status)"
        }
    }
}
