import Glibc

/// The one monotonic clock (CLOCK_MONOTONIC: never set back, not counting suspend) for timeouts, rate windows,
/// progress and measurements. A leaf of its own so that the HTTP server, the service, the CLI and the
/// benchmarks read the same clock without depending on one another.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point (boot).
    @inlinable
    public static func nanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// Seconds since the same point, for durations shown to people.
    @inlinable
    public static func seconds() -> Double { Double(nanoseconds()) / 1e9 }
}
