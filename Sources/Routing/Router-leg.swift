import GeoKit

extension RoutingNetwork {
    /// One leg from snapped point s to snapped point t: the search starts from the ends of s's road (at the
    /// cost of the part of it driven) and ends at those of t's; a trip along one road is taken directly when
    /// that is cheaper. A point at a road's end is at that node, whichever way the road may be driven. The
    /// search is A* with landmarks unless the zones raise so many roads that bidirectional Dijkstra is faster.
    func leg(_ s: Snap, _ t: Snap, metric: Metric, rules: Constraints) -> Route? {
        let fs = fraction(s), ft = fraction(t)
        let sTail = graph.arcTail[Int(graph.roadAlong[s.road])], sHead = graph.arcHead[Int(graph.roadAlong[s.road])]
        let tTail = graph.arcTail[Int(graph.roadAlong[t.road])], tHead = graph.arcHead[Int(graph.roadAlong[t.road])]
        let twoWay = (s: graph.roadAgainst[s.road] >= 0, t: graph.roadAgainst[t.road] >= 0)
        // Source seeds: [to the end of s's road, to its start]; target seeds: [from the start of t's, from its end].
        let pieces = (sEnd: partial(s, towardEnd: true), sStart: partial(s, towardEnd: false),
                      tStart: partial(t, towardEnd: false), tEnd: partial(t, towardEnd: true))
        func cost(_ piece: [Coordinate], _ share: Double, _ r: Int) -> Double { rules.cost(of: piece, share: share, road: r, base: metric.base, in: self) }
        let sources = [Seed(node: sHead, cost: cost(pieces.sEnd, 1 - fs, s.road)),
                       Seed(node: sTail, cost: twoWay.s || fs == 0 ? cost(pieces.sStart, fs, s.road) : .infinity)]
        let targets = [Seed(node: tTail, cost: cost(pieces.tStart, ft, t.road)),
                       Seed(node: tHead, cost: twoWay.t || ft == 1 ? cost(pieces.tEnd, 1 - ft, t.road) : .infinity)]
        var direct = (cost: Double.infinity, along: true)
        if s.road == t.road && (ft >= fs || twoWay.s) {
            let along = ft >= fs
            direct = (cost(stretch(s, t, along: along).line, abs(ft - fs), s.road), along)
        }
        var search = BidirectionalSearch(graph: graph, base: metric.base, factor: rules.factor)
        if rules.boundsGuide {
            let live = (s: sources.filter { $0.cost < .infinity }, t: targets.filter { $0.cost < .infinity })
            search.guide = (metric.landmarks.bounds(toward: live.t), metric.landmarks.bounds(toward: live.s, reversed: true))
        }
        let path = searchStates.with { search.run(from: sources, to: targets, in: &$0) }
        if direct.cost < .infinity, direct.cost <= path?.cost ?? .infinity { return stretch(s, t, along: direct.along) }
        guard let path else { return nil }
        var route = Route()
        let first = path.source == 0 ? pieces.sEnd : pieces.sStart
        let share = (s: path.source == 0 ? 1 - fs : fs, t: path.target == 0 ? ft : 1 - ft)
        route.line = first
        route.metres = graph.roadMetres[s.road] * share.s
        route.seconds = graph.roadSeconds[s.road] * share.s
        if share.s > 0 { route.roadIndices = [Int32(s.road)] }
        for a in path.arcs {
            let r = Int(graph.arcRoad[Int(a)])
            let line = graph.line(r)
            // Appended in place, the first point left out (the previous arc ended there).
            if graph.isAlong(a) { route.line.append(contentsOf: line.dropFirst()) } else { route.line.append(contentsOf: line.dropLast().reversed()) }
            route.metres += graph.roadMetres[r]
            route.seconds += graph.roadSeconds[r]
            if route.roadIndices.last != Int32(r) { route.roadIndices.append(Int32(r)) }
        }
        route.line += (path.target == 0 ? pieces.tStart : pieces.tEnd).reversed().dropFirst()
        route.metres += graph.roadMetres[t.road] * share.t
        route.seconds += graph.roadSeconds[t.road] * share.t
        if share.t > 0, route.roadIndices.last != Int32(t.road) { route.roadIndices.append(Int32(t.road)) }
        return route
    }

    /// How far along its road's line a snapped point lies, from 0 to 1 (within a centimetre of an end: at it).
    private func fraction(_ s: Snap) -> Double {
        let length = graph.roadMetres[s.road]
        if s.offsetMetres < 0.01 { return 0 }
        if length - s.offsetMetres < 0.01 { return 1 }
        return s.offsetMetres / length
    }

    /// The part of one road between two snapped points on it, along the line or against it.
    private func stretch(_ s: Snap, _ t: Snap, along: Bool) -> Route {
        var route = Route()
        let inner = along ? Array(graph.points[min(s.segment + 1, t.segment + 1)..<(t.segment + 1)])
                          : Array(graph.points[(t.segment + 1)..<max(s.segment + 1, t.segment + 1)].reversed())
        route.line = [s.point] + inner + [t.point]
        let share = abs(fraction(t) - fraction(s))
        route.metres = graph.roadMetres[s.road] * share
        route.seconds = graph.roadSeconds[s.road] * share
        route.roadIndices = [Int32(s.road)]
        return route
    }
}
