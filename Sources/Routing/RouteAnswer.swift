import GeoKit

/// A path on the roads: its line from the first waypoint to the last, its length and driving time (free-flow
/// speeds, penalties not counted) and the names of the roads along it, in order.
public struct Route: Sendable {
    public var line: [Coordinate] = []
    public var metres = 0.0
    public var seconds = 0.0
    public var roads: [String] = []
    /// Roads by index in the graph, in order, each once per stretch.
    var roadIndices: [Int32] = []
}

/// The answer to a `RouteQuery`: the route (nil when none keeps out of the closed zones), the route ignoring
/// every zone for comparison, and which zones mattered.
public struct RouteAnswer: Sendable {
    public var route: Route?
    /// Nil only when the waypoints are not connected by roads at all.
    public var unconstrained: Route?
    /// Zones (labels) the unconstrained route crosses, when the route differs from it (those holding a
    /// waypoint left out).
    public var changedBy: [String] = []
    /// Zones the route still crosses (penalised ones, or those holding a waypoint).
    public var crossed: [String] = []
    /// For each waypoint inside zones (0 the start, the last the end): its index and the zones. The route
    /// leaves them by the cheapest way: a closed zone holding a waypoint is only penalised.
    public var inside: [(waypoint: Int, zones: [String])] = []
    /// When there is no route: the closed zones that cut it off (each alone, when one does; else together).
    public var blockedBy: [String] = []
    /// How far each waypoint lies from the road it was snapped to, in metres.
    public var snapMetres: [Double] = []
}
