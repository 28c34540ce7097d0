/// ALT's landmarks: for a few nodes spread round the network's edge, the cost from each to every node and
/// from every node to each (one-to-all Dijkstra forward and backward), by one metric. The triangle inequality
/// then gives a lower bound on the cost between any two nodes; zones only raise costs, so the bound holds under
/// any request's mask too.
struct Landmarks: Sendable {
    let count: Int
    /// Cost from landmark i to node v at `from[v * count + i]`; to it at `to[v * count + i]` (infinite: unreachable).
    let from: [Float]
    let to: [Float]

    init(_ graph: RoadGraph, base: [Double], count wanted: Int = 8) {
        let nodes = Self.pick(graph, wanted)
        count = nodes.count
        var from = [Float](repeating: .infinity, count: graph.nodes.count * count), to = from
        for (i, l) in nodes.enumerated() {
            for (v, d) in Self.oneToAll(graph, base: base, from: l, forward: true).enumerated() { from[v * count + i] = Float(d) }
            for (v, d) in Self.oneToAll(graph, base: base, from: l, forward: false).enumerated() { to[v * count + i] = Float(d) }
        }
        self.from = from
        self.to = to
    }

    /// A lower bound on the cost from v to t.
    @inline(__always) func bound(_ v: Int, _ t: Int) -> Double {
        var best: Float = 0
        let vb = v * count, tb = t * count
        for i in 0..<count {
            let a = from[tb + i] - from[vb + i], b = to[vb + i] - to[tb + i]
            // Unreachable (infinite) terms say nothing; inf − inf is NaN and fails the comparisons.
            if a < .infinity && a > best { best = a }
            if b < .infinity && b > best { best = b }
        }
        // Costs were rounded to Float: keep the bound below the true cost.
        return Double(best) * 0.9999
    }

    /// The nodes nearest the 8 compass points of the network's box (fewer when nodes coincide).
    private static func pick(_ graph: RoadGraph, _ wanted: Int) -> [Int32] {
        guard !graph.nodes.isEmpty else { return [] }
        var box = (minX: Double.infinity, minY: Double.infinity, maxX: -Double.infinity, maxY: -Double.infinity)
        for c in graph.nodes {
            box = (min(box.minX, c.x), min(box.minY, c.y), max(box.maxX, c.x), max(box.maxY, c.y))
        }
        let midX = (box.minX + box.maxX) / 2, midY = (box.minY + box.maxY) / 2
        let targets = [(box.minX, box.minY), (midX, box.minY), (box.maxX, box.minY), (box.maxX, midY),
                       (box.maxX, box.maxY), (midX, box.maxY), (box.minX, box.maxY), (box.minX, midY)].prefix(wanted)
        var picked: [Int32] = []
        for (x, y) in targets {
            var best = (node: Int32(0), d: Double.infinity)
            for (v, c) in graph.nodes.enumerated() {
                let d = (c.x - x) * (c.x - x) + (c.y - y) * (c.y - y)
                if d < best.d { best = (Int32(v), d) }
            }
            if !picked.contains(best.node) { picked.append(best.node) }
        }
        return picked
    }

    private static func oneToAll(_ graph: RoadGraph, base: [Double], from s: Int32, forward: Bool) -> [Double] {
        var dist = [Double](repeating: .infinity, count: graph.nodes.count)
        var heap = MinHeap()
        dist[Int(s)] = 0
        heap.push(0, s)
        while !heap.isEmpty {
            let (d, u) = heap.pop()
            guard d <= dist[Int(u)] else { continue }
            let range = forward ? graph.outStart[Int(u)]..<graph.outStart[Int(u) + 1] : graph.inStart[Int(u)]..<graph.inStart[Int(u) + 1]
            for i in range {
                let a = forward ? i : graph.inArcs[Int(i)]
                let v = Int(forward ? graph.arcHead[Int(a)] : graph.arcTail[Int(a)])
                let nd = d + base[Int(graph.arcRoad[Int(a)])]
                if nd < dist[v] {
                    dist[v] = nd
                    heap.push(nd, Int32(v))
                }
            }
        }
        return dist
    }

    var memoryBytes: Int { (from.count + to.count) * 4 }
}
