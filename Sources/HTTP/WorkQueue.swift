import Dispatch
import Synchronization

/// A parsed request on its way to a worker.
struct Job: Sendable {
    let request: Request
    let handle: ConnectionHandle
    /// Monotonic nanoseconds when the request was complete, for the access log and latency histogram.
    let received: UInt64
}

/// The bounded queue between I/O threads and workers. `offer` never blocks: a full queue is the signal to shed
/// load with 503 rather than let latency grow without bound.
final class WorkQueue: Sendable {
    private struct State {
        var jobs: [Job] = []
        var head = 0
        var closed = false
        var count: Int { jobs.count - head }
    }

    let capacity: Int
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let metrics: Metrics

    init(capacity: Int, metrics: Metrics) {
        self.capacity = capacity
        self.metrics = metrics
    }

    /// Adds a job unless the queue is full or closed.
    func offer(_ job: Job) -> Bool {
        let accepted = state.withLock { s in
            guard !s.closed, s.count < capacity else { return false }
            s.jobs.append(job)
            return true
        }
        if accepted {
            metrics.queueDepth.add(1, ordering: .relaxed)
            available.signal()
        }
        return accepted
    }

    /// The next job, waiting for one; nil once the queue is closed.
    func take() -> Job? {
        available.wait()
        let job: Job? = state.withLock { s in
            guard s.count > 0 else { return nil }
            let job = s.jobs[s.head]
            s.head += 1
            if s.head == s.jobs.count {
                s.jobs.removeAll(keepingCapacity: true)
                s.head = 0
            } else if s.head >= 1024 && s.head * 2 >= s.jobs.count {
                s.jobs.removeSubrange(0..<s.head)
                s.head = 0
            }
            return job
        }
        if job != nil { metrics.queueDepth.subtract(1, ordering: .relaxed) }
        return job
    }

    /// Drops queued jobs (their connections are already closed) and wakes `workers` threads so they return.
    func close(workers: Int) {
        let dropped = state.withLock { s in
            s.closed = true
            defer { s.jobs = []; s.head = 0 }
            return s.count
        }
        metrics.queueDepth.subtract(dropped, ordering: .relaxed)
        for _ in 0..<workers { available.signal() }
    }
}
