import Dispatch
import Foundation
import Synchronization

/// Runs `side` on another thread while the caller runs `main`, for two parts of one request that do not depend on
/// each other (a route's unconstrained search, and its mask and constrained search): on an idle machine the answer
/// comes in about the time of the longer part. When no thread has picked `side` up by the time `main` is done, the
/// caller runs it itself, so a busy machine waits no longer than it would for the two in turn.
func alongside<A: Sendable, B>(_ side: @escaping @Sendable () -> A, _ main: () -> B) -> (A, B) {
    let task = SideTask(side)
    SideThread.shared.submit { task.runIfUnclaimed() }
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

/// Calls `body` with every chunk number below `count`, on the caller's thread and the side thread at once, and
/// returns when every chunk is done. (libdispatch's `concurrentPerform` would start its pool, whose monitor
/// crashes a server at its descriptor limit: see `SideThread`.) A chunk the side thread has not taken by the time
/// the caller runs out is the caller's, so a busy side thread costs only the parallelism.
func eachChunk(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    guard count > 0 else { return }
    let chunks = Chunks(count)
    SideThread.shared.submit { chunks.work(body) }
    chunks.work(body)
    chunks.finished.wait()
}

private final class Chunks: Sendable {
    let count: Int
    private let next = Atomic(0)
    private let done = Atomic(0)
    let finished = DispatchSemaphore(value: 0)

    init(_ count: Int) { self.count = count }

    /// Takes chunks until none is left; whoever finishes the last one lets the caller go on.
    func work(_ body: @Sendable (Int) -> Void) {
        while true {
            let c = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard c < count else { return }
            body(c)
            if done.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue == count { finished.signal() }
        }
    }
}

/// The thread side parts run on: one of riskmap's own, not libdispatch's pool, whose monitor reads /proc every
/// second while it has workers and crashes the process when that open fails (a server at its descriptor limit).
/// One is enough: a side part no thread has started is run by its caller.
private final class SideThread: Sendable {
    static let shared = SideThread()
    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init() {
        Thread.detachNewThread { [self] in
            while true {
                ready.wait()
                jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }?()
            }
        }
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.append(job) }
        ready.signal()
    }
}
