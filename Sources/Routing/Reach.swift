import GeoKit

/// What one Dijkstra from many sources reached: the driving time to every node (infinite beyond the limit) and
/// which source got there first, the sources that lay on a road, and the mask it drove under.
struct Reach {
    var seconds: [Double]
    /// Per node, the index in the caller's `sources` of the source that reached it first (-1 where none did).
    var origin: [Int32]
    var snapped: [RoutingNetwork.Snap]
    /// Per snapped source, its index in the caller's `sources`.
    var sourceIndex: [Int]
    var factor: [Float]?

    /// A road's cost under the mask.
    func cost(_ r: Int, _ graph: RoadGraph) -> Double { graph.roadSeconds[r] * Double(factor?[r] ?? 1) }
}

extension RoutingNetwork {
    /// Driving time from the nearest of `sources` (each put on its nearest road within `maxSnapMetres`; those
    /// far from any are left out) to every node, up to `limitSeconds`, under the query's avoidance (its waypoints
    /// are not used). One Dijkstra from all the sources at once. A closed zone holding a source is left at the
    /// penalty, as a route leaves one holding its start: a fire station inside a chemical plant's circle still
    /// reaches the city.
    func reach(from sources: [Coordinate], limitSeconds: Double, _ q: RouteQuery) -> Reach {
        let levels = q.levels
        var zones = q.obstacles
        zones += windowedZones(q)
        var r = Reach(seconds: [Double](repeating: .infinity, count: graph.nodes.count),
                      origin: [Int32](repeating: -1, count: graph.nodes.count), snapped: [], sourceIndex: [], factor: nil)
        for (i, p) in sources.enumerated() {
            guard let s = snap(p, maxMetres: q.maxSnapMetres) else { continue }
            r.snapped.append(s)
            r.sourceIndex.append(i)
        }
        let relieved = unclose(r.sourceIndex.map { sources[$0] }, zones: &zones, levels: levels, ban: q.banHazards).relieved
        r.factor = mask(q, levels: levels, zones: zones, relieved: relieved)?.factor
        var heap = MinHeap()
        func seed(_ node: Int32, _ d: Double, _ source: Int) {
            guard d < r.seconds[Int(node)], d <= limitSeconds else { return }
            r.seconds[Int(node)] = d
            r.origin[Int(node)] = Int32(source)
            heap.push(d, node)
        }
        for (s, source) in zip(r.snapped, r.sourceIndex) {
            let along = graph.roadAlong[s.road], f = graph.roadMetres[s.road] > 0 ? s.offsetMetres / graph.roadMetres[s.road] : 0
            seed(graph.arcHead[Int(along)], (1 - f) * r.cost(s.road, graph), source)
            if graph.roadAgainst[s.road] >= 0 { seed(graph.arcTail[Int(along)], f * r.cost(s.road, graph), source) }
        }
        while !heap.isEmpty {
            let (d, u) = heap.pop()
            guard d <= r.seconds[Int(u)] else { continue }
            for a in graph.outStart[Int(u)]..<graph.outStart[Int(u) + 1] {
                let v = Int(graph.arcHead[Int(a)]), nd = d + r.cost(Int(graph.arcRoad[Int(a)]), graph)
                if nd < r.seconds[v] && nd <= limitSeconds {
                    r.seconds[v] = nd
                    r.origin[v] = r.origin[Int(u)]
                    heap.push(nd, Int32(v))
                }
            }
        }
        return r
    }
}
