import Dispatch
import HTTP

/// Bounds how many road searches (routes, isochrones, coverage) run at once: one less than the workers, at least
/// one. A search takes up to a second or so of CPU; without a bound, a handful of clients asking isochrones kept
/// every worker busy and `/health` waited in the queue behind them for 10 s and more. A request that finds
/// every slot taken is answered 503 with `Retry-After` at once, as a full queue is: a worker waiting for a slot
/// is a worker lost to `/health` and cached tiles, and every request queued behind it waits too (a tenth of a
/// second's wait per search put `/health`'s p99 at 250 ms under hostile probe 11c; at once, a few ms). With the
/// default 4 workers, three searches run at once, so two dispatchers asking together both get theirs.
final class RoutingSlots: Sendable {
    let limit: Int
    private let slots: DispatchSemaphore

    init(limit: Int) {
        self.limit = max(1, limit)
        slots = DispatchSemaphore(value: self.limit)
    }

    /// Runs `work` in a slot, or throws 503 with Retry-After when all are taken (still, after `waitSeconds`)
    /// (coverage tiles wait longer: a map asks a dozen at once and does not retry one refused).
    func run<T>(waitSeconds: Double = 0, _ work: () throws -> T) throws -> T {
        guard slots.wait(timeout: .now() + .milliseconds(Int(waitSeconds * 1000))) == .success else {
            throw HTTPError(.serviceUnavailable, "all \(limit) road searches the server runs at once are busy; retry shortly",
                            headers: ["Retry-After": "1"])
        }
        defer { slots.signal() }
        return try work()
    }
}
