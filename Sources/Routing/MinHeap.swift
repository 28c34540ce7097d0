/// A 4-ary min-heap of (cost, node) pairs for Dijkstra's searches; stale entries are skipped by the caller. Four
/// children a node halve the levels a pop walks down, and the children of a node sit side by side in one array.
struct MinHeap {
    private struct Entry {
        var cost: Double
        var node: Int32
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var minCost: Double { entries.first?.cost ?? .infinity }

    /// Empties the heap and keeps its storage for the next search.
    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    mutating func push(_ cost: Double, _ node: Int32) {
        entries.append(Entry(cost: cost, node: node))
        entries.withUnsafeMutableBufferPointer { e in
            var i = e.count - 1
            let moving = e[i]
            while i > 0 {
                let parent = (i - 1) >> 2
                guard e[parent].cost > moving.cost else { break }
                e[i] = e[parent]
                i = parent
            }
            e[i] = moving
        }
    }

    mutating func pop() -> (cost: Double, node: Int32) {
        let top = entries[0]
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries.withUnsafeMutableBufferPointer { e in
                let n = e.count
                var i = 0
                while true {
                    let first = 4 * i + 1
                    guard first < n else { break }
                    var m = first
                    for c in (first + 1)..<min(first + 4, n) where e[c].cost < e[m].cost { m = c }
                    guard e[m].cost < last.cost else { break }
                    e[i] = e[m]
                    i = m
                }
                e[i] = last
            }
        }
        return (top.cost, top.node)
    }
}
