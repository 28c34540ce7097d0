import GeoKit

extension RoutingNetwork {
    /// One leg from snapped point s to snapped point t: the search starts from the ends of s's road (at the
    /// cost of the part of it driven) and ends at those of t's; a trip along one road is taken directly when
    /// that is cheaper. The roads a waypoint lies on cost at most the penalty, so a closed zone never strands it.
    func leg(_ s: Snap, _ t: Snap, base: [Double], factor: [Float]?, penalty: Double) -> Route? {
        func cost(_ r: Int) -> Double { base[r] * min(Double(factor?[r] ?? 1), penalty) }
        let fs = fraction(s), ft = fraction(t)
        let along = (s: graph.roadAlong[s.road], t: graph.roadAlong[t.road])
        let against = (s: graph.roadAgainst[s.road], t: graph.roadAgainst[t.road])
        var sources = [Seed(node: graph.arcHead[Int(along.s)], cost: (1 - fs) * cost(s.road))]
        if against.s >= 0 { sources.append(Seed(node: graph.arcHead[Int(against.s)], cost: fs * cost(s.road))) }
        var targets = [Seed(node: graph.arcTail[Int(along.t)], cost: ft * cost(t.road))]
        if against.t >= 0 { targets.append(Seed(node: graph.arcTail[Int(against.t)], cost: (1 - ft) * cost(t.road))) }
        var direct = Double.infinity
        var directAlong = true
        if s.road == t.road {
            if ft >= fs { direct = (ft - fs) * cost(s.road) } else if against.s >= 0 {
                direct = (fs - ft) * cost(s.road)
                directAlong = false
            }
        }
        let path = BidirectionalSearch(graph: graph, base: base, factor: factor).run(from: sources, to: targets)
        if direct <= path?.cost ?? .infinity, direct < .infinity {
            return stretch(s, t, along: directAlong)
        }
        guard let path else { return nil }
        // The source seeds are [toward the end, toward the start]; the target seeds [from the start, from the end].
        let first = partial(s, towardEnd: path.source == 0)
        let last = Array(partial(t, towardEnd: path.target == 1).reversed())
        var route = Route()
        route.line = first
        route.metres = graph.roadMetres[s.road] * (path.source == 0 ? 1 - fs : fs)
        route.seconds = graph.roadSeconds[s.road] * (path.source == 0 ? 1 - fs : fs)
        route.roadIndices = [Int32(s.road)]
        for a in path.arcs {
            let r = Int(graph.arcRoad[Int(a)])
            let line = graph.line(r)
            route.line += graph.isAlong(a) ? Array(line.dropFirst()) : Array(line.reversed().dropFirst())
            route.metres += graph.roadMetres[r]
            route.seconds += graph.roadSeconds[r]
            if route.roadIndices.last != Int32(r) { route.roadIndices.append(Int32(r)) }
        }
        route.line += last.dropFirst()
        route.metres += graph.roadMetres[t.road] * (path.target == 0 ? ft : 1 - ft)
        route.seconds += graph.roadSeconds[t.road] * (path.target == 0 ? ft : 1 - ft)
        if route.roadIndices.last != Int32(t.road) { route.roadIndices.append(Int32(t.road)) }
        return route
    }

    /// How far along its road's line a snapped point lies, from 0 to 1.
    private func fraction(_ s: Snap) -> Double {
        let length = graph.roadMetres[s.road]
        return length > 0 ? min(max(s.offsetMetres / length, 0), 1) : 0
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
