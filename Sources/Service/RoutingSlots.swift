import Dispatch
import HTTP

/// Bounds how many road searches (routes, isochrones, coverage) run at once: one less than the workers, at least
/// one. A search takes up to a second or so of CPU; without a bound, a handful of clients asking isochrones kept
/// every worker busy and `/health` waited in the queue behind them for 10 s and more. A request that finds
/// every slot taken waits a quarter of a second at most (a route takes milliseconds: two dispatchers asking at
/// the same moment both get theirs; a waiting worker is a worker lost to `/health` and cached tiles, so not
/// longer), then is answered 503 with `Retry-After`, as a full queue is.
final class RoutingSlots: Sendable {
    let limit: Int
    private let slots: DispatchSemaphore

    init(limit: Int) {
        self.limit = max(1, limit)
        slots = DispatchSemaphore(value: self.limit)
    }

    /// Runs `work` in a slot, or throws 503 with Retry-After when all are still taken after `waitSeconds`
    /// (coverage tiles wait longer: a map asks a dozen at once and does not retry one refused).
    func run<T>(waitSeconds: Double = 0.25, _ work: () throws -> T) throws -> T {
        guard slots.wait(timeout: .now() + .milliseconds(Int(waitSeconds * 1000))) == .success else {
            throw HTTPError(.serviceUnavailable, "all \(limit) road searches the server runs at once are busy; retry shortly",
                            headers: ["Retry-After": "1"])
        }
        defer { slots.signal() }
        return try work()
    }
}
