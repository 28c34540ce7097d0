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

    /// One side's search: forward along the arcs from the sources, or backward against them from the targets,
    /// on entries and a heap taken from a `SearchState` for the search's length.
    private struct Side {
        let forward: Bool
        var entries: [SearchState.Entry]
        var heap: MinHeap
        /// The marks of a node reached, and settled, by this search.
        let reached: UInt32, settled: UInt32

        /// Takes the entries and the heap (leaving empty ones), so they are never copied; `give` returns them.
        init(_ search: BidirectionalSearch, forward: Bool, seeds: [Seed], taking entries: inout [SearchState.Entry], _ heap: inout MinHeap,
             generation: UInt32) {
            self.forward = forward
            (self.entries, self.heap) = ([], MinHeap())
            swap(&self.entries, &entries)
            swap(&self.heap, &heap)
            (reached, settled) = (generation, generation + 1)
            for (i, s) in seeds.enumerated() where s.cost < dist(Int(s.node)) {
                self.entries[Int(s.node)] = SearchState.Entry(dist: s.cost, via: Int32(-1 - i), mark: reached)
                self.heap.push(s.cost + search.potential(Int(s.node), forward: forward), s.node)
            }
        }

        mutating func give(_ entries: inout [SearchState.Entry], _ heap: inout MinHeap) {
            swap(&self.entries, &entries)
            swap(&self.heap, &heap)
        }

        /// The cost found to v so far (infinite: not reached by this search).
        @inline(__always) func dist(_ v: Int) -> Double { entries[v].mark >= reached ? entries[v].dist : .infinity }

        /// Settles the node with the smallest key and relaxes its arcs, noting a cheaper meeting with the other side.
        mutating func step(_ s: BidirectionalSearch, other: Side, best: inout (cost: Double, node: Int32)) {
            let (_, u) = heap.pop()
            guard entries[Int(u)].mark != settled else { return }
            entries[Int(u)].mark = settled
            let d = entries[Int(u)].dist
            let g = s.graph
            let arcs = forward ? g.outStart[Int(u)]..<g.outStart[Int(u) + 1] : g.inStart[Int(u)]..<g.inStart[Int(u) + 1]
            for i in arcs {
                let a = forward ? i : g.inArcs[Int(i)]
                let v = Int(forward ? g.arcHead[Int(a)] : g.arcTail[Int(a)]), nd = d + s.cost(a)
                let e = entries[v]
                guard e.mark < reached || nd < e.dist else { continue }
                entries[v] = SearchState.Entry(dist: nd, via: a, mark: max(e.mark, reached))
                heap.push(nd + s.potential(v, forward: forward), Int32(v))
                let meeting = nd + other.dist(v)
                if meeting < best.cost { best = (meeting, Int32(v)) }
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

    func run(from sources: [Seed], to targets: [Seed], in state: inout SearchState) -> Path? {
        var f = Side(self, forward: true, seeds: sources, taking: &state.forward, &state.heaps.forward, generation: state.generation)
        var b = Side(self, forward: false, seeds: targets, taking: &state.backward, &state.heaps.backward, generation: state.generation)
        defer {
            f.give(&state.forward, &state.heaps.forward)
            b.give(&state.backward, &state.heaps.backward)
        }
        var best = (cost: Double.infinity, node: Int32(-1))
        for s in sources where f.dist(Int(s.node)) + b.dist(Int(s.node)) < best.cost {
            best = (f.dist(Int(s.node)) + b.dist(Int(s.node)), s.node)
        }
        while f.heap.minCost + b.heap.minCost < best.cost {
            if f.heap.minCost <= b.heap.minCost { f.step(self, other: b, best: &best) } else { b.step(self, other: f, best: &best) }
        }
        guard best.node >= 0 else { return nil }
        var arcs: [Int32] = []
        var u = best.node
        while f.entries[Int(u)].via >= 0 {
            arcs.append(f.entries[Int(u)].via)
            u = graph.arcTail[Int(f.entries[Int(u)].via)]
        }
        let source = Int(-1 - f.entries[Int(u)].via)
        arcs.reverse()
        u = best.node
        while b.entries[Int(u)].via >= 0 {
            arcs.append(b.entries[Int(u)].via)
            u = graph.arcHead[Int(b.entries[Int(u)].via)]
        }
        return Path(cost: best.cost, source: source, target: Int(-1 - b.entries[Int(u)].via), arcs: arcs)
    }
}
