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

/// Bidirectional Dijkstra over the graph with each arc costing `base[road] × factor[road]` (factor
/// infinite: the road is closed). Each side settles nodes in cost order; the search stops once the two
/// frontiers' smallest costs add up to at least the best meeting found, which is then optimal.
struct BidirectionalSearch {
    let graph: RoadGraph
    let base: [Double]
    let factor: [Float]?

    /// One side's search: forward along the arcs from the sources, or backward against them from the targets.
    private struct Side {
        let forward: Bool
        var dist: [Double]
        /// The arc a node was reached by; -1 - seed for a seed.
        var via: [Int32]
        var heap = MinHeap()

        init(forward: Bool, nodes: Int, seeds: [Seed]) {
            self.forward = forward
            dist = [Double](repeating: .infinity, count: nodes)
            via = [Int32](repeating: 0, count: nodes)
            for (i, s) in seeds.enumerated() where s.cost < dist[Int(s.node)] {
                dist[Int(s.node)] = s.cost
                via[Int(s.node)] = Int32(-1 - i)
                heap.push(s.cost, s.node)
            }
        }

        /// Settles the nearest node and relaxes its arcs, noting a cheaper meeting with the other side.
        mutating func step(_ s: BidirectionalSearch, other: [Double], best: inout (cost: Double, node: Int32)) {
            let (d, u) = heap.pop()
            guard d <= dist[Int(u)] else { return }
            let g = s.graph
            let arcs = forward ? g.outStart[Int(u)]..<g.outStart[Int(u) + 1] : g.inStart[Int(u)]..<g.inStart[Int(u) + 1]
            for i in arcs {
                let a = forward ? i : g.inArcs[Int(i)]
                let v = Int(forward ? g.arcHead[Int(a)] : g.arcTail[Int(a)]), nd = d + s.cost(a)
                guard nd < dist[v] else { continue }
                dist[v] = nd
                via[v] = a
                heap.push(nd, Int32(v))
                if nd + other[v] < best.cost { best = (nd + other[v], Int32(v)) }
            }
        }
    }

    func cost(_ arc: Int32) -> Double {
        let r = Int(graph.arcRoad[Int(arc)])
        guard let factor else { return base[r] }
        return base[r] * Double(factor[r])
    }

    func run(from sources: [Seed], to targets: [Seed]) -> Path? {
        var f = Side(forward: true, nodes: graph.nodes.count, seeds: sources)
        var b = Side(forward: false, nodes: graph.nodes.count, seeds: targets)
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
