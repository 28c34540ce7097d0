import Foundation
import Synchronization
import Testing
@testable import Routing

/// `eachChunk`, which shares a city's snapping between the caller and the side thread: every chunk runs once and
/// has run when it returns, however many callers share the one side thread at once.
@Suite struct ChunkTests {
    @Test func everyChunkRunsOnceBeforeItReturns() {
        #expect({ eachChunk(0) { _ in Issue.record("no chunk to run") }; return true }())
        let callers = 4
        let finished = DispatchSemaphore(value: 0)
        let wrong = Atomic(0)
        for caller in 0..<callers {
            Thread.detachNewThread {
                for round in 0..<50 {
                    let count = 1 + (caller * 7 + round) % 40
                    let runs = Mutex([Int](repeating: 0, count: count))
                    eachChunk(count) { c in
                        usleep(UInt32(c % 3) * 100)
                        runs.withLock { $0[c] += 1 }
                    }
                    if runs.withLock({ $0 != [Int](repeating: 1, count: count) }) { wrong.add(1, ordering: .relaxed) }
                }
                finished.signal()
            }
        }
        for _ in 0..<callers { finished.wait() }
        #expect(wrong.load(ordering: .relaxed) == 0)
    }
}
