import Dispatch
import Foundation
import HTTP
@testable import Service
import Synchronization
import Testing

/// `KeptByKey`, which keeps the coverages the coverage tiles are drawn from: one request works a key out while
/// the others asking for it wait and take its value; other keys do not wait; a value worked out while the data
/// changed is not kept.
@Suite struct KeptByKeyTests {
    /// Runs `body` on a new thread; the group is left when it returns.
    static func spawn(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        Thread.detachNewThread {
            body()
            group.leave()
        }
    }

    @Test func waitersTakeTheValueTheFirstWorksOut() throws {
        let kept = KeptByKey<Int>(most: 4, waitSeconds: 5)
        let calls = Atomic(0), started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let answers = Mutex<[Int]>([])
        let done = DispatchGroup()
        Self.spawn(done) {
            let v = try? kept.value("a") {
                calls.add(1, ordering: .relaxed)
                started.signal()
                release.wait()
                return 7
            }
            answers.withLock { $0.append(v ?? -1) }
        }
        started.wait()
        // While "a" is being worked out: three more ask for it and wait; "b" is worked out at once.
        for _ in 0..<3 {
            Self.spawn(done) {
                let v = try? kept.value("a") { calls.add(1, ordering: .relaxed); return 8 }
                answers.withLock { $0.append(v ?? -1) }
            }
        }
        #expect(try kept.value("b") { 9 } == 9)
        Thread.sleep(forTimeInterval: 0.2)
        release.signal()
        done.wait()
        #expect(calls.load(ordering: .relaxed) == 1)
        #expect(answers.withLock { $0 } == [7, 7, 7, 7])
        #expect(try kept.value("a") { 10 } == 7)
    }

    @Test func aWaiterGivesUpWith503AndAChangeIsNotKept() throws {
        let kept = KeptByKey<Int>(most: 4, waitSeconds: 0.1)
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        Self.spawn(done) {
            _ = try? kept.value("a") {
                started.signal()
                release.wait()
                return 1
            }
        }
        started.wait()
        #expect {
            _ = try kept.value("a") { 2 }
        } throws: { ($0 as? HTTPError)?.status == .serviceUnavailable }
        // The data changes while "a" is worked out: that value is answered, not kept.
        kept.forget()
        release.signal()
        done.wait()
        #expect(try kept.value("a") { 3 } == 3)
        #expect(try kept.value("a") { 4 } == 3)
    }
}
