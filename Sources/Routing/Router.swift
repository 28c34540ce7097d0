import GeoKit

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
        zones += windowedZones(q)
        var answer = RouteAnswer()
        answer.snapMetres = snaps.map(\.distanceMetres)
        let relieved: [Zone]
        (answer.inside, relieved) = unclose(q.waypoints, zones: &zones, levels: levels, ban: q.banHazards)
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
        if route == nil, unconstrained != nil { answer.blockedBy = blockers(snaps, q, metric: metric, rules: rules, relieved: relieved) }
        return answer
    }

    /// The zones of the hazards with a time window (reports, temporary risks) the query avoids, active at its instant.
    func windowedZones(_ q: RouteQuery) -> [Zone] {
        hazards.windowed.filter { q.levels & (1 << UInt8($0.level)) != 0 && $0.isActive(at: q.at) }.map { $0.zone(ban: q.banHazards) }
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
    /// `closed`: the factor of a closed road (infinite, or a price for `blockers`).
    func mask(_ q: RouteQuery, levels: UInt8, zones: [Zone], relieved: [Zone], closed: Float = .infinity) -> CostMask? {
        guard levels != 0 || !zones.isEmpty || q.hazmat else { return nil }
        let penalty = Float(q.penalty)
        var m = CostMask(roads: graph.roadCount)
        m.raise(levels: levels, of: hazards, to: q.banHazards ? closed : penalty)
        m.raise(zones, in: self, penalty: penalty, closed: closed)
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

    /// What keeps the waypoints apart when no route keeps out of the closed zones: the closed zones (and closed
    /// hazards) crossed by the cheapest route that may cross them at a prohibitive price, the way through the least
    /// of them. Opening those opens a route. Empty when even that route does not exist: the roads closed to
    /// hazardous goods cut the waypoints off.
    private func blockers(_ snaps: [Snap], _ q: RouteQuery, metric: Metric, rules: Constraints, relieved: [Zone]) -> [String] {
        var through = rules
        through.closedPrice = Self.throughClosed
        let m = mask(q, levels: rules.levels, zones: rules.zones, relieved: relieved, closed: through.closedPrice)
        (through.factor, through.raised) = (m?.factor, m?.raised ?? 0)
        guard let line = legs(snaps, metric: metric, rules: through)?.line else { return [] }
        let runs = LineRuns(line)
        var names = rules.zones.filter { $0.ban && runs.meets($0) }.map(\.label)
        if q.banHazards {
            var met = Set<Int>()
            for (a, b) in zip(line, line.dropFirst()) { hazards.meeting(a, b, levels: rules.levels, into: &met) }
            // A hazard holding a waypoint is only penalised (`unclose`): it blocks nothing.
            names += met.sorted().map { hazards.permanent[$0].label }.filter { !rules.relieved.contains($0) }
        }
        return names
    }

    /// What crossing a closed zone costs, times the road's own cost, when looking for what blocks a route: more
    /// than any way round could cost, so the search crosses as little of the closed zones as it can.
    static let throughClosed: Float = 1e6

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
