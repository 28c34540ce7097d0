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

    func cost(_ arc: Int32) -> Double {
        let r = Int(graph.arcRoad[Int(arc)])
        guard let factor else { return base[r] }
        return base[r] * Double(factor[r])
    }

    func run(from sources: [Seed], to targets: [Seed]) -> Path? {
        let n = graph.nodes.count
        var distF = [Double](repeating: .infinity, count: n), distB = distF
        // The arc a node was reached by; -1 - seed for a seed.
        var viaF = [Int32](repeating: 0, count: n), viaB = viaF
        var heapF = MinHeap(), heapB = MinHeap()
        for (i, s) in sources.enumerated() where s.cost < distF[Int(s.node)] {
            distF[Int(s.node)] = s.cost
            viaF[Int(s.node)] = Int32(-1 - i)
            heapF.push(s.cost, s.node)
        }
        for (i, s) in targets.enumerated() where s.cost < distB[Int(s.node)] {
            distB[Int(s.node)] = s.cost
            viaB[Int(s.node)] = Int32(-1 - i)
            heapB.push(s.cost, s.node)
        }
        var best = Double.infinity, meet: Int32 = -1
        for s in sources where distB[Int(s.node)] < .infinity && distF[Int(s.node)] + distB[Int(s.node)] < best {
            best = distF[Int(s.node)] + distB[Int(s.node)]
            meet = s.node
        }
        while !heapF.isEmpty || !heapB.isEmpty, heapF.minCost + heapB.minCost < best {
            if heapF.minCost <= heapB.minCost {
                let (d, u) = heapF.pop()
                guard d <= distF[Int(u)] else { continue }
                for a in graph.outStart[Int(u)]..<graph.outStart[Int(u) + 1] {
                    let v = Int(graph.arcHead[Int(a)]), nd = d + cost(a)
                    guard nd < distF[v] else { continue }
                    distF[v] = nd
                    viaF[v] = a
                    heapF.push(nd, Int32(v))
                    if nd + distB[v] < best {
                        best = nd + distB[v]
                        meet = Int32(v)
                    }
                }
            } else {
                let (d, u) = heapB.pop()
                guard d <= distB[Int(u)] else { continue }
                for i in graph.inStart[Int(u)]..<graph.inStart[Int(u) + 1] {
                    let a = graph.inArcs[Int(i)]
                    let v = Int(graph.arcTail[Int(a)]), nd = d + cost(a)
                    guard nd < distB[v] else { continue }
                    distB[v] = nd
                    viaB[v] = a
                    heapB.push(nd, Int32(v))
                    if nd + distF[v] < best {
                        best = nd + distF[v]
                        meet = Int32(v)
                    }
                }
            }
        }
        guard meet >= 0, best < .infinity else { return nil }
        var arcs: [Int32] = []
        var u = meet
        while viaF[Int(u)] >= 0 {
            let a = viaF[Int(u)]
            arcs.append(a)
            u = graph.arcTail[Int(a)]
        }
        let source = Int(-1 - viaF[Int(u)])
        arcs.reverse()
        u = meet
        while viaB[Int(u)] >= 0 {
            let a = viaB[Int(u)]
            arcs.append(a)
            u = graph.arcHead[Int(a)]
        }
        return Path(cost: best, source: source, target: Int(-1 - viaB[Int(u)]), arcs: arcs)
    }
}
