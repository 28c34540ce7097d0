/// A* from the source seeds to the nearest target seed, guided by ALT's lower bounds (`Landmarks`): a node is
/// keyed by its cost so far plus the least bound to any target (plus that target's seed cost), which never
/// overestimates, so the first time the smallest key reaches the best target found, that target is optimal.
/// Costs are those of `BidirectionalSearch` (base × the request's factor per road).
struct AStarSearch {
    let graph: RoadGraph
    let base: [Double]
    let factor: [Float]?
    let landmarks: Landmarks

    func run(from sources: [Seed], to targets: [Seed]) -> Path? {
        let live = targets.enumerated().filter { $0.element.cost < .infinity }
        guard !live.isEmpty else { return nil }
        func potential(_ v: Int) -> Double {
            var p = Double.infinity
            for (_, t) in live { p = min(p, landmarks.bound(v, Int(t.node)) + t.cost) }
            return p
        }
        var targetOf: [Int32: [(index: Int, cost: Double)]] = [:]
        for (i, t) in live { targetOf[t.node, default: []].append((i, t.cost)) }
        let n = graph.nodes.count
        var dist = [Double](repeating: .infinity, count: n)
        var via = [Int32](repeating: 0, count: n)
        var settled = [Bool](repeating: false, count: n)
        var heap = MinHeap()
        for (i, s) in sources.enumerated() where s.cost < dist[Int(s.node)] {
            dist[Int(s.node)] = s.cost
            via[Int(s.node)] = Int32(-1 - i)
            heap.push(s.cost + potential(Int(s.node)), s.node)
        }
        var best = (cost: Double.infinity, node: Int32(-1), target: -1)
        while !heap.isEmpty, heap.minCost < best.cost {
            let (_, u) = heap.pop()
            // With a consistent bound a node's first pop is final; later ones are stale entries.
            guard !settled[Int(u)] else { continue }
            settled[Int(u)] = true
            let d = dist[Int(u)]
            if let ts = targetOf[u] {
                for t in ts where d + t.cost < best.cost { best = (d + t.cost, u, t.index) }
            }
            for a in graph.outStart[Int(u)]..<graph.outStart[Int(u) + 1] {
                let r = Int(graph.arcRoad[Int(a)])
                let c = factor.map { base[r] * Double($0[r]) } ?? base[r]
                let v = Int(graph.arcHead[Int(a)]), nd = d + c
                guard nd < dist[v] else { continue }
                dist[v] = nd
                via[v] = a
                heap.push(nd + potential(v), Int32(v))
            }
        }
        guard best.node >= 0 else { return nil }
        var arcs: [Int32] = []
        var u = best.node
        while via[Int(u)] >= 0 {
            arcs.append(via[Int(u)])
            u = graph.arcTail[Int(via[Int(u)])]
        }
        return Path(cost: best.cost, source: Int(-1 - via[Int(u)]), target: best.target, arcs: arcs.reversed())
    }
}
