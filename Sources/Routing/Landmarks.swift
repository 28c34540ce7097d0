/// ALT's landmarks: for a few nodes spread round the network's edge, the cost from each to every node and
/// from every node to each (one-to-all Dijkstra forward and backward), by one metric. The triangle inequality
/// then gives a lower bound on the cost between any two nodes; zones only raise costs, so the bound holds under
/// any request's mask too.
struct Landmarks: Sendable {
    let count: Int
    /// Node v's row: the cost from landmark i to v at `rows[v * 2 * count + i]`, from v to it `count` further on
    /// (infinite: unreachable). One row is what a search reads per node, in one or two cache lines.
    let rows: [Float]

    init(_ graph: RoadGraph, base: [Double], count wanted: Int = 8) {
        let nodes = Self.pick(graph, wanted)
        count = nodes.count
        var rows = [Float](repeating: .infinity, count: graph.nodes.count * 2 * count)
        for (i, l) in nodes.enumerated() {
            for (v, d) in Self.oneToAll(graph, base: base, from: l, forward: true).enumerated() { rows[v * 2 * count + i] = Float(d) }
            for (v, d) in Self.oneToAll(graph, base: base, from: l, forward: false).enumerated() { rows[v * 2 * count + count + i] = Float(d) }
        }
        self.rows = rows
    }

    /// Lower bounds toward `targets` (each plus its seed cost), or with `reversed` from them (sources) to a node.
    /// The seeds are folded into one virtual row per landmark, so a node's bound is one pass over its own row:
    /// toward the targets, A = min over t of (d(L,t) + cost) and B = max over t of (d(t,L) − cost) give
    /// max(A − d(L,v), d(v,L) − B), which is no more than the least of the seeds' own bounds and, being a maximum of
    /// consistent terms, consistent too; from the sources the same with the roles swapped.
    func bounds(toward seeds: [Seed], reversed: Bool = false) -> TargetBounds {
        var row = [Float](repeating: reversed ? -.infinity : .infinity, count: count)
            + [Float](repeating: reversed ? .infinity : -.infinity, count: count)
        for s in seeds where s.cost < .infinity {
            let base = Int(s.node) * 2 * count, c = Float(s.cost)
            for i in 0..<count {
                let fromL = rows[base + i], toL = rows[base + count + i]
                if reversed {
                    row[i] = max(row[i], fromL - c)
                    row[count + i] = min(row[count + i], toL + c)
                } else {
                    row[i] = min(row[i], fromL + c)
                    row[count + i] = max(row[count + i], toL - c)
                }
            }
        }
        return TargetBounds(landmarks: self, row: row, reversed: reversed)
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

    var memoryBytes: Int { rows.count * 4 }
}

/// A query's lower bounds: from node v to the nearest of its targets (or, reversed, from its sources to v),
/// through the seeds' virtual row (`Landmarks.bounds`).
struct TargetBounds {
    let landmarks: Landmarks
    let row: [Float]
    let reversed: Bool

    @inline(__always) func potential(_ v: Int) -> Double {
        let c = landmarks.count, vb = v * 2 * c
        var best: Float = 0
        for i in 0..<c {
            // Toward the targets: A − d(L,v) and d(v,L) − B; from the sources: d(L,v) − A and B − d(v,L).
            var a = row[i] - landmarks.rows[vb + i], b = landmarks.rows[vb + c + i] - row[c + i]
            if reversed { (a, b) = (-a, -b) }
            // Unreachable (infinite) terms say nothing; inf − inf is NaN and fails the comparisons.
            if a < .infinity && a > best { best = a }
            if b < .infinity && b > best { best = b }
        }
        // Costs were rounded to Float: keep the bound below the true cost.
        return Double(best) * 0.9999
    }
}
