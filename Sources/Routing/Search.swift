/// Where a search starts or ends: a node reached from (or reaching) a snapped point along part of a road, at
/// the cost of that part.
struct Seed {
    var node: Int32
    var cost: Double
}

/// A cheapest path: its cost, the seeds it starts and ends at, and its arcs in order.
struct Path {
    var cost: Double
    var source: Int
    var target: Int
    var arcs: [Int32]
}

/// Bidirectional search over the graph with each arc costing `base[road] × factor[road]` (factor infinite: the
/// road is closed): Dijkstra, or with `guide` A* on both sides with the symmetric potential of Ikeda et al.,
/// p(v) = (bound from v to the targets − bound from the sources to v) / 2, forward keys d(v) + p(v) and backward
/// d(v) − p(v). Both sides then run Dijkstra on the same reduced costs (never negative: the bounds are
/// consistent, and so is their half-difference), so the search stops once the two smallest keys add up to at
/// least the best meeting found, which is then optimal.
struct BidirectionalSearch {
    let graph: RoadGraph
    let base: [Double]
    let factor: [Float]?
    var guide: (toTargets: TargetBounds, fromSources: TargetBounds)? = nil

    /// One side's search: forward along the arcs from the sources, or backward against them from the targets.
    private struct Side {
        let forward: Bool
        var dist: [Double]
        /// The arc a node was reached by; -1 - seed for a seed.
        var via: [Int32]
        var settled: [Bool]
        var heap = MinHeap()

        init(_ search: BidirectionalSearch, forward: Bool, seeds: [Seed]) {
            self.forward = forward
            let nodes = search.graph.nodes.count
            dist = [Double](repeating: .infinity, count: nodes)
            via = [Int32](repeating: 0, count: nodes)
            settled = [Bool](repeating: false, count: nodes)
            for (i, s) in seeds.enumerated() where s.cost < dist[Int(s.node)] {
                dist[Int(s.node)] = s.cost
                via[Int(s.node)] = Int32(-1 - i)
                heap.push(s.cost + search.potential(Int(s.node), forward: forward), s.node)
            }
        }

        /// Settles the node with the smallest key and relaxes its arcs, noting a cheaper meeting with the other side.
        mutating func step(_ s: BidirectionalSearch, other: [Double], best: inout (cost: Double, node: Int32)) {
            let (_, u) = heap.pop()
            guard !settled[Int(u)] else { return }
            settled[Int(u)] = true
            let d = dist[Int(u)]
            let g = s.graph
            let arcs = forward ? g.outStart[Int(u)]..<g.outStart[Int(u) + 1] : g.inStart[Int(u)]..<g.inStart[Int(u) + 1]
            for i in arcs {
                let a = forward ? i : g.inArcs[Int(i)]
                let v = Int(forward ? g.arcHead[Int(a)] : g.arcTail[Int(a)]), nd = d + s.cost(a)
                guard nd < dist[v] else { continue }
                dist[v] = nd
                via[v] = a
                heap.push(nd + s.potential(v, forward: forward), Int32(v))
                if nd + other[v] < best.cost { best = (nd + other[v], Int32(v)) }
            }
        }
    }

    func cost(_ arc: Int32) -> Double {
        let r = Int(graph.arcRoad[Int(arc)])
        guard let factor else { return base[r] }
        return base[r] * Double(factor[r])
    }

    /// The side's potential at v: half the difference of the bounds, of opposite signs for the two sides.
    @inline(__always) func potential(_ v: Int, forward: Bool) -> Double {
        guard let guide else { return 0 }
        let p = (guide.toTargets.potential(v) - guide.fromSources.potential(v)) / 2
        return forward ? p : -p
    }

    func run(from sources: [Seed], to targets: [Seed]) -> Path? {
        var f = Side(self, forward: true, seeds: sources)
        var b = Side(self, forward: false, seeds: targets)
        var best = (cost: Double.infinity, node: Int32(-1))
        for s in sources where f.dist[Int(s.node)] + b.dist[Int(s.node)] < best.cost {
            best = (f.dist[Int(s.node)] + b.dist[Int(s.node)], s.node)
        }
        while f.heap.minCost + b.heap.minCost < best.cost {
            if f.heap.minCost <= b.heap.minCost { f.step(self, other: b.dist, best: &best) } else { b.step(self, other: f.dist, best: &best) }
        }
        guard best.node >= 0 else { return nil }
        var arcs: [Int32] = []
        var u = best.node
        while f.via[Int(u)] >= 0 {
            arcs.append(f.via[Int(u)])
            u = graph.arcTail[Int(f.via[Int(u)])]
        }
        let source = Int(-1 - f.via[Int(u)])
        arcs.reverse()
        u = best.node
        while b.via[Int(u)] >= 0 {
            arcs.append(b.via[Int(u)])
            u = graph.arcHead[Int(b.via[Int(u)])]
        }
        return Path(cost: best.cost, source: source, target: Int(-1 - b.via[Int(u)]), arcs: arcs)
    }
}
