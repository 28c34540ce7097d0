import Synchronization

/// Bytes held in memory for all connections together, in one direction; every I/O thread counts into it.
final class BufferedBytes: Sendable {
    private let bytes = Atomic<Int>(0)

    var value: Int { bytes.load(ordering: .relaxed) }

    /// Adds `n` unless the total would then exceed `limit`.
    func reserve(_ n: Int, limit: Int) -> Bool {
        var current = bytes.load(ordering: .relaxed)
        while true {
            guard n <= limit - current else { return false }
            let (exchanged, found) = bytes.compareExchange(expected: current, desired: current + n, ordering: .relaxed)
            if exchanged { return true }
            current = found
        }
    }

    func add(_ n: Int) { bytes.add(n, ordering: .relaxed) }

    func release(_ n: Int) { bytes.subtract(n, ordering: .relaxed) }
}
