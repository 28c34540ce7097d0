import GeoKit
import Synchronization

extension RoutingNetwork {
    /// The cheapest route through the query's waypoints keeping out of (or paying for) its zones, the
    /// unconstrained route beside it, and which zones changed, hold or block it.
    public func route(_ q: RouteQuery) throws(RoutingError) -> RouteAnswer {
        try q.validate()
        guard graph.roadCount > 0 else { throw .noRoads }
        var snaps: [Snap] = []
        for (i, p) in q.waypoints.enumerated() {
            guard let s = snap(p, maxMetres: q.maxSnapMetres) else {
                throw .badInput("waypoint \(i) (\(p.x),\(p.y)) is more than \(Int(q.maxSnapMetres)) m from any road")
            }
            snaps.append(s)
        }
        let levels = q.levels
        var zones = q.obstacles
        zones += hazards.windowed.filter { levels & (1 << UInt8($0.level)) != 0 && $0.isActive(at: q.at) }.map { $0.zone(ban: q.banHazards) }
        var answer = RouteAnswer()
        answer.snapMetres = snaps.map(\.distanceMetres)
        let held = unclose(q.waypoints, zones: &zones, levels: levels, ban: q.banHazards)
        let relieved = held.relieved
        answer.inside = held.inside
        let metric = metric(q.preference)
        var rules = Constraints(factor: nil, zones: zones, levels: levels, banHazards: q.banHazards, hazmat: q.hazmat, penalty: q.penalty,
                                relieved: Set(relieved.map(\.label)))
        let unconstrained: Route?, route: Route?
        if levels == 0 && zones.isEmpty && !q.hazmat {
            unconstrained = legs(snaps, metric: metric, rules: .none(penalty: q.penalty))
            route = unconstrained
        } else {
            let penalty = q.penalty
            (unconstrained, route) = alongside({ [self, snaps] in legs(snaps, metric: metric, rules: .none(penalty: penalty)) }) {
                let m = mask(q, levels: levels, zones: zones, relieved: relieved)
                (rules.factor, rules.raised) = (m?.factor, m?.raised ?? 0)
                return legs(snaps, metric: metric, rules: rules)
            }
        }
        answer.unconstrained = unconstrained
        answer.route = route
        if let unconstrained, let route, route.roadIndices != unconstrained.roadIndices {
            // A zone holding a waypoint is crossed either way: it did not make the detour.
            let held = Set(answer.inside.flatMap(\.zones))
            answer.changedBy = crossing(unconstrained.line, levels: levels, zones: zones).filter { !held.contains($0) }
        }
        if let route { answer.crossed = crossing(route.line, levels: levels, zones: zones) }
        if route == nil, let unconstrained {
            answer.blockedBy = blockers(snaps, q, metric: metric, rules: rules, relieved: relieved, along: unconstrained.line)
        }
        return answer
    }

    /// A zone holding one of `points` (waypoints, or the sources of a reach) cannot be closed to it: it is left (or
    /// entered) at a price instead. Such zones among `zones` are opened to the penalty; the closed hazard circles
    /// holding a point are given back, for the mask to lower their roads to the penalty. Per point held, its index
    /// and the zones.
    func unclose(_ points: [Coordinate], zones: inout [Zone], levels: UInt8, ban: Bool)
        -> (inside: [(waypoint: Int, zones: [String])], relieved: [Zone]) {
        var inside: [(waypoint: Int, zones: [String])] = [], relieved: [Zone] = []
        for (i, p) in points.enumerated() {
            var holding: [String] = []
            for z in zones.indices where zones[z].contains(p) {
                holding.append(zones[z].label)
                zones[z].ban = false
            }
            for h in hazards.holding(p, levels: levels) {
                holding.append(hazards.permanent[h].label)
                if ban { relieved.append(hazards.permanent[h].zone(ban: false)) }
            }
            if !holding.isEmpty { inside.append((i, holding)) }
        }
        return (inside, relieved)
    }

    /// The request's multiplier per road, or nil when nothing is avoided.
    func mask(_ q: RouteQuery, levels: UInt8, zones: [Zone], relieved: [Zone]) -> CostMask? {
        guard levels != 0 || !zones.isEmpty || q.hazmat else { return nil }
        let penalty = Float(q.penalty)
        var m = CostMask(roads: graph.roadCount)
        m.raise(levels: levels, of: hazards, to: q.banHazards ? .infinity : penalty)
        m.raise(zones, in: self, penalty: penalty)
        for z in relieved { m.relieve(z, in: self, to: penalty) }
        if q.hazmat { m.close { !graph.roadHazmat[$0] } }
        return m
    }

    /// The labels of the zones and avoided permanent hazards a line crosses.
    private func crossing(_ line: [Coordinate], levels: UInt8, zones: [Zone]) -> [String] {
        guard levels != 0 || !zones.isEmpty else { return [] }
        var hazardsMet = Set<Int>()
        let runs = LineRuns(line)
        let labels = zones.filter { runs.meets($0) }.map(\.label)
        for (a, b) in zip(line, line.dropFirst()) { hazards.meeting(a, b, levels: levels, into: &hazardsMet) }
        return labels + hazardsMet.sorted().map { hazards.permanent[$0].label }
    }

    /// The closed zones the unconstrained route crosses that each alone cut the waypoints off (a few are
    /// tried); when none does alone, all of them together.
    private func blockers(_ snaps: [Snap], _ q: RouteQuery, metric: Metric, rules: Constraints, relieved: [Zone],
                          along line: [Coordinate]) -> [String] {
        var candidates = rules.zones.filter { $0.ban && $0.meets(line: line) }
        if q.banHazards {
            var met = Set<Int>()
            for (a, b) in zip(line, line.dropFirst()) { hazards.meeting(a, b, levels: rules.levels, into: &met) }
            // A circle holding a waypoint is only penalised (`unclose`): it blocks nothing.
            candidates += met.sorted().map { hazards.permanent[$0].zone(ban: true) }.filter { !rules.relieved.contains($0.label) }
        }
        // Each candidate is tried with the others still closed, on this thread and the side thread at once: a
        // candidate that does not open a way searches all the waypoints can still reach (a third of the time of
        // the closed-circle routes on Rhein-Neckar, where the circles cut two pairs in five off).
        let tried = Array(candidates.prefix(8))
        let opens = Mutex([Bool](repeating: false, count: tried.count))
        eachChunk(tried.count) { [self] i in
            let c = tried[i]
            var lifted = rules
            lifted.zones = rules.zones.map { z in
                var z = z
                if z.label == c.label { z.ban = false }
                return z
            }
            lifted.relieved.insert(c.label)
            let m = mask(q, levels: rules.levels, zones: lifted.zones, relieved: relieved + [c])
            (lifted.factor, lifted.raised) = (m?.factor, m?.raised ?? 0)
            let open = legs(snaps, metric: metric, rules: lifted) != nil
            opens.withLock { $0[i] = open }
        }
        let blocking = zip(tried, opens.withLock { $0 }).filter(\.1).map(\.0)
        return (blocking.isEmpty ? candidates : blocking).map(\.label)
    }

    /// The route through every snapped waypoint in turn, or nil when a leg has none.
    private func legs(_ snaps: [Snap], metric: Metric, rules: Constraints) -> Route? {
        var route = Route()
        for (s, t) in zip(snaps, snaps.dropFirst()) {
            guard let leg = self.leg(s, t, metric: metric, rules: rules) else { return nil }
            for c in leg.line where route.line.last != c { route.line.append(c) }
            route.metres += leg.metres
            route.seconds += leg.seconds
            for r in leg.roadIndices where route.roadIndices.last != r { route.roadIndices.append(r) }
        }
        // From and to on one spot: the point twice, as a GeoJSON LineString has at least two positions.
        if route.line.count == 1 { route.line.append(route.line[0]) }
        var names: [String] = []
        for r in route.roadIndices {
            if let name = graph.roadNames[Int(r)], !name.isEmpty, names.last != name { names.append(name) }
        }
        route.roads = names
        return route
    }
}
