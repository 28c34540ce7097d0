import Synchronization

/// A bidirectional search's per-node state, kept from one search to the next: allocating, faulting in and clearing
/// arrays over every node for each search took about a third of a route's time in the server on the suzhou demo
/// (151k nodes, 4 MB a search). A node's entry counts only when its mark is of the current search: a search starts
/// by moving the generation on, not by clearing.
struct SearchState {
    struct Entry {
        var dist: Double
        /// The arc the node was reached by; -1 - seed for a seed.
        var via: Int32
        /// `generation`: reached by the current search; `generation + 1`: settled too; less: not reached.
        var mark: UInt32
    }

    var forward: [Entry]
    var backward: [Entry]
    var heaps = (forward: MinHeap(), backward: MinHeap())
    private(set) var generation: UInt32 = 0

    init(nodes: Int) {
        forward = [Entry](repeating: Entry(dist: .infinity, via: 0, mark: 0), count: nodes)
        backward = forward
    }

    /// Starts a search: every entry stale, both heaps empty.
    mutating func next() {
        if generation >= UInt32.max - 2 {
            for i in forward.indices { forward[i].mark = 0 }
            for i in backward.indices { backward[i].mark = 0 }
            generation = 0
        }
        generation += 2
        heaps.forward.removeAll()
        heaps.backward.removeAll()
    }
}

/// The search states not in use, shared by every thread routing on one network: a search takes one and gives it
/// back, so there are as many as searches have run at once.
final class SearchStates: Sendable {
    private let idle = Mutex<[SearchState]>([])
    let nodes: Int

    init(nodes: Int) {
        self.nodes = nodes
    }

    func with<T>(_ body: (inout SearchState) -> T) -> T {
        var state = idle.withLock { $0.popLast() } ?? SearchState(nodes: nodes)
        state.next()
        let result = body(&state)
        idle.withLock { $0.append(state) }
        return result
    }
}
