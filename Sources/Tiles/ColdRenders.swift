import Dispatch
import Synchronization
import Monotonic

/// Bounds how many tiles are drawn at once (cache misses) and how long one may take. Tiles are drawn on the
/// server's workers: expensive misses must not hold all of them for long, or /health and cached tiles wait
/// behind them. A miss that finds every renderer busy waits for one, since a map asks for a dozen tiles at once
/// and does not retry one refused; but the deadline covers the wait and the drawing together, and a miss that
/// reaches it answers 503 with Retry-After, gives its worker back and caches nothing.
public final class ColdRenders: Sendable {
    public let limit: Int
    let timeoutSeconds: Double
    private let slots: DispatchSemaphore
    private let busyCount = Atomic<Int>(0)
    private let timedOutCount = Atomic<Int>(0)

    public init(limit: Int, timeoutSeconds: Double) {
        self.limit = limit
        self.timeoutSeconds = timeoutSeconds
        slots = DispatchSemaphore(value: limit)
    }

    /// Runs `draw` in a renderer's slot, with the deadline it must check; throws `TileUnavailable` when no
    /// slot freed up or the drawing ran past the deadline.
    public func run<T>(_ draw: (Deadline) throws -> T) throws -> T {
        let deadline = Deadline(seconds: timeoutSeconds)
        guard slots.wait(timeout: deadline.dispatchTime) == .success else {
            busyCount.add(1, ordering: .relaxed)
            throw TileUnavailable(detail: "all \(limit) tile renderers stayed busy for \(timeoutSeconds) s; retry shortly", retryAfter: 1)
        }
        defer { slots.signal() }
        do {
            return try draw(deadline)
        } catch let e as TileUnavailable {
            timedOutCount.add(1, ordering: .relaxed)
            throw e
        }
    }

    /// Misses that found no renderer before the deadline, and drawings stopped at it.
    public var busy: Int { busyCount.load(ordering: .relaxed) }
    public var timedOut: Int { timedOutCount.load(ordering: .relaxed) }
}

/// When a tile's drawing must stop: the renderer checks it between layers and cells, so a tile that would run
/// long gives its worker back.
public struct Deadline {
    let seconds: Double
    /// `MonotonicClock` nanoseconds.
    let instant: UInt64
    let dispatchTime: DispatchTime

    init(seconds: Double) {
        self.seconds = seconds
        let nanoseconds = Int64(min(seconds, 1e9) * 1e9)
        instant = MonotonicClock.nanoseconds() + UInt64(max(0, nanoseconds))
        dispatchTime = .now() + .nanoseconds(Int(nanoseconds))
    }

    func check() throws {
        if MonotonicClock.nanoseconds() >= instant {
            throw TileUnavailable(detail: "the tile took longer than \(seconds) s to draw; retry later or at another zoom",
                                  retryAfter: max(1, Int(seconds.rounded(.up))))
        }
    }
}

/// A tile not drawn now (renderers busy, or past the deadline); worth retrying after `retryAfter` seconds.
public struct TileUnavailable: Error, Sendable {
    public let detail: String
    public let retryAfter: Int
}
