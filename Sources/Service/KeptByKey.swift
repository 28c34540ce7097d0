import Dispatch
import HTTP
import Synchronization

/// Values worked out by key and kept (the last `most`) until `forget()`. A key asked while another request works
/// it out waits for that one, up to `waitSeconds` and then a 503, instead of working it out again; requests for
/// different keys never wait for each other. A value worked out while `forget()` was called (the data changed
/// under it) is answered but not kept.
final class KeptByKey<Value: Sendable>: Sendable {
    private struct State {
        var kept: [(key: String, value: Value)] = []
        /// The keys being worked out, each with the group its waiters wait on.
        var working: [String: DispatchGroup] = [:]
        /// Moves with each `forget()`.
        var generation = 0
    }

    private enum Step {
        case found(Value)
        case wait(DispatchGroup)
        case make(DispatchGroup, generation: Int)
    }

    private let state = Mutex(State())
    let most: Int
    let waitSeconds: Double

    init(most: Int, waitSeconds: Double) {
        self.most = most
        self.waitSeconds = waitSeconds
    }

    func value(_ key: String, _ work: () throws -> Value) throws -> Value {
        let step: Step = state.withLock { s in
            if let v = s.kept.first(where: { $0.key == key })?.value { return .found(v) }
            if let group = s.working[key] { return .wait(group) }
            let group = DispatchGroup()
            group.enter()
            s.working[key] = group
            return .make(group, generation: s.generation)
        }
        switch step {
        case .found(let v):
            return v
        case .wait(let group):
            if group.wait(timeout: .now() + .milliseconds(Int(waitSeconds * 1000))) == .success,
               let v = state.withLock({ s in s.kept.first { $0.key == key }?.value }) {
                return v
            }
            throw HTTPError(.serviceUnavailable, "the same answer is being worked out for another request; retry shortly",
                            headers: ["Retry-After": "1"])
        case .make(let group, let generation):
            defer {
                state.withLock { _ = $0.working.removeValue(forKey: key) }
                group.leave()
            }
            let v = try work()
            state.withLock { s in
                guard s.generation == generation else { return }
                s.kept.removeAll { $0.key == key }
                s.kept.append((key, v))
                if s.kept.count > most { s.kept.removeFirst() }
            }
            return v
        }
    }

    /// Drops every kept value; values being worked out will not be kept.
    func forget() {
        state.withLock { s in
            s.kept.removeAll()
            s.generation += 1
        }
    }
}
