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

    /// Lower bounds toward `targets` (each plus its seed cost) from the `active` landmarks that bound best between
    /// the sources and the first target: ALT's usual per-query choice, which does most of the guiding for a
    /// fraction of the work per node.
    func bounds(toward targets: [Seed], from sources: [Int32], active: Int = 8, reversed: Bool = false) -> TargetBounds {
        var picked = Array(0..<count)
        if count > active, let t = targets.first, let s = sources.first {
            func term(_ i: Int) -> Float {
                let a = from[Int(t.node) * count + i] - from[Int(s) * count + i], b = to[Int(s) * count + i] - to[Int(t.node) * count + i]
                return max(a < .infinity ? a : 0, b < .infinity ? b : 0)
            }
            picked = Array(picked.sorted { term($0) > term($1) }.prefix(active))
        }
        var targetFrom: [Float] = [], targetTo: [Float] = []
        for t in targets {
            for i in picked {
                targetFrom.append(from[Int(t.node) * count + i])
                targetTo.append(to[Int(t.node) * count + i])
            }
        }
        return TargetBounds(landmarks: self, picked: picked, targetFrom: targetFrom, targetTo: targetTo, targetCost: targets.map(\.cost),
                            reversed: reversed)
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

/// A query's lower bounds: from node v to the nearest of its targets, through the picked landmarks.
struct TargetBounds {
    let landmarks: Landmarks
    let picked: [Int]
    /// Per target, per picked landmark: the landmark's cost to it and from it.
    let targetFrom: [Float]
    let targetTo: [Float]
    let targetCost: [Double]
    /// Bounds from the "targets" (the sources) to v instead.
    let reversed: Bool

    /// The least over the targets of (a lower bound on the cost from v to it + its seed cost).
    @inline(__always) func potential(_ v: Int) -> Double {
        let k = picked.count, count = landmarks.count, vb = v * count
        var p = Double.infinity
        for t in targetCost.indices {
            var best: Float = 0
            for j in 0..<k {
                let i = picked[j]
                var a = targetFrom[t * k + j] - landmarks.from[vb + i], b = landmarks.to[vb + i] - targetTo[t * k + j]
                if reversed { (a, b) = (-b, -a) }
                // Unreachable (infinite) terms say nothing; inf − inf is NaN and fails the comparisons.
                if a < .infinity && a > best { best = a }
                if b < .infinity && b > best { best = b }
            }
            // Costs were rounded to Float: keep the bound below the true cost.
            p = min(p, Double(best) * 0.9999 + targetCost[t])
        }
        return p
    }
}
