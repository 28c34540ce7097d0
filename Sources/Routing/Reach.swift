import GeoKit

extension RoutingNetwork {
    /// Driving time from the nearest of `sources` (each put on its nearest road within `maxSnapMetres`; those
    /// far from any are left out) to every node, up to `limitSeconds` (infinite beyond), under the query's
    /// avoidance (its waypoints are not used), and the mask it drove under. One Dijkstra from all the sources at once.
    func reach(from sources: [Coordinate], limitSeconds: Double, _ q: RouteQuery) -> (seconds: [Double], snapped: [Snap], factor: [Float]?) {
        let levels = q.levels
        var zones = q.obstacles
        zones += hazards.windowed.filter { levels & (1 << UInt8($0.level)) != 0 && $0.isActive(at: q.at) }.map { $0.zone(ban: q.banHazards) }
        let factor = mask(q, levels: levels, zones: zones, relieved: [])
        func cost(_ r: Int) -> Double { graph.roadSeconds[r] * Double(factor?[r] ?? 1) }
        let snapped = sources.compactMap { snap($0, maxMetres: q.maxSnapMetres) }
        var dist = [Double](repeating: .infinity, count: graph.nodes.count)
        var heap = MinHeap()
        func seed(_ node: Int32, _ d: Double) {
            guard d < dist[Int(node)], d <= limitSeconds else { return }
            dist[Int(node)] = d
            heap.push(d, node)
        }
        for s in snapped {
            let along = graph.roadAlong[s.road], f = graph.roadMetres[s.road] > 0 ? s.offsetMetres / graph.roadMetres[s.road] : 0
            seed(graph.arcHead[Int(along)], (1 - f) * cost(s.road))
            if graph.roadAgainst[s.road] >= 0 { seed(graph.arcTail[Int(along)], f * cost(s.road)) }
        }
        while !heap.isEmpty {
            let (d, u) = heap.pop()
            guard d <= dist[Int(u)] else { continue }
            for a in graph.outStart[Int(u)]..<graph.outStart[Int(u) + 1] {
                let v = Int(graph.arcHead[Int(a)]), nd = d + cost(Int(graph.arcRoad[Int(a)]))
                if nd < dist[v] && nd <= limitSeconds {
                    dist[v] = nd
                    heap.push(nd, Int32(v))
                }
            }
        }
        return (dist, snapped, factor)
    }
}
