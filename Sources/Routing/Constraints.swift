import GeoKit

/// What one request holds against the roads: the multiplier per road (nil: nothing avoided) and what made
/// it, so the parts of roads a waypoint lies on can be judged by themselves: a road closed because its far
/// end meets a zone can still be driven from a waypoint away from that end.
struct Constraints {
    var factor: [Float]?
    /// Roads the mask raises above their own cost.
    var raised = 0
    var zones: [Zone] = []
    var levels: UInt8 = 0
    var banHazards = false
    var hazmat = false
    var penalty: Double
    /// Hazards that hold a waypoint: crossable at the penalty even when their level is closed.
    var relieved: Set<String> = []
    /// The factor of a road closed by a zone: infinite, or a price when looking for what blocks a route.
    var closedPrice: Float = .infinity

    static func none(penalty: Double) -> Constraints { Constraints(factor: nil, penalty: penalty) }

    /// Whether ALT's bounds still guide well: they ignore the zones, so where zones raise a large share of the
    /// roads (avoiding every major and significant risk raises about half) they underestimate widely, and the
    /// unguided search was faster when measured; 50 circles (5–20% of the roads) are faster guided
    /// (docs/PERFORMANCE.md).
    var boundsGuide: Bool { factor == nil || raised * 4 < factor!.count }

    /// What driving `share` of road r along `piece` costs, infinite (or `closedPrice`) when the piece itself is
    /// closed: a road closed because its far end meets a zone is judged by the piece a waypoint drives.
    func cost(of piece: [Coordinate], share: Double, road r: Int, base: [Double], in network: RoutingNetwork) -> Double {
        guard share > 0, let factor else { return share * base[r] }
        let f = Double(factor[r])
        if f < Double(closedPrice) { return share * base[r] * f }
        if hazmat && !network.graph.roadHazmat[r] { return .infinity }
        let shut = share * base[r] * Double(closedPrice)
        if zones.contains(where: { $0.ban && $0.meets(line: piece) }) { return shut }
        if banHazards {
            var met = Set<Int>()
            for (a, b) in zip(piece, piece.dropFirst()) { network.hazards.meeting(a, b, levels: levels, into: &met) }
            if met.contains(where: { !relieved.contains(network.hazards.permanent[$0].label) }) { return shut }
        }
        return share * base[r] * penalty
    }
}
