import Dispatch
import Synchronization

/// Runs `side` on another thread while the caller runs `main`, for two parts of one request that do not depend on
/// each other (a route's unconstrained search, and its mask and constrained search): on an idle machine the answer
/// comes in about the time of the longer part. When no thread has picked `side` up by the time `main` is done, the
/// caller runs it itself, so a busy machine waits no longer than it would for the two in turn.
func alongside<A: Sendable, B>(_ side: @escaping @Sendable () -> A, _ main: () -> B) -> (A, B) {
    let task = SideTask(side)
    DispatchQueue.global().async { task.runIfUnclaimed() }
    let b = main()
    if task.claim() { return (side(), b) }
    task.done.wait()
    return (task.result.withLock { $0! }, b)
}

private final class SideTask<A: Sendable>: @unchecked Sendable {
    let work: @Sendable () -> A
    private let claimed = Atomic(false)
    let result = Mutex<A?>(nil)
    let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> A) {
        self.work = work
    }

    /// Whether this caller is the one to run the work.
    func claim() -> Bool { claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged }

    func runIfUnclaimed() {
        guard claim() else { return }
        let a = work()
        result.withLock { $0 = a }
        done.signal()
    }
}
