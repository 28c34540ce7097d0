/// A binary min-heap of (cost, node) pairs for Dijkstra's searches; stale entries are skipped by the caller.
struct MinHeap {
    private var costs: [Double] = []
    private var nodes: [Int32] = []

    var isEmpty: Bool { costs.isEmpty }
    var minCost: Double { costs.first ?? .infinity }

    mutating func push(_ cost: Double, _ node: Int32) {
        costs.append(cost)
        nodes.append(node)
        var i = costs.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard costs[parent] > costs[i] else { break }
            costs.swapAt(parent, i)
            nodes.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (cost: Double, node: Int32) {
        let top = (costs[0], nodes[0])
        let lastCost = costs.removeLast(), lastNode = nodes.removeLast()
        if !costs.isEmpty {
            costs[0] = lastCost
            nodes[0] = lastNode
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < costs.count && costs[l] < costs[m] { m = l }
                if r < costs.count && costs[r] < costs[m] { m = r }
                guard m != i else { break }
                costs.swapAt(m, i)
                nodes.swapAt(m, i)
                i = m
            }
        }
        return top
    }
}
