import GeoKit

/// What a route request asks: the points to pass in order, what to minimise, the caller's zones, the hazard
/// levels to keep away from and how hard.
public struct RouteQuery: Sendable {
    public enum Preference: String, Sendable, CaseIterable {
        case fastest, shortest
    }

    public var waypoints: [Coordinate]
    public var preference: Preference = .fastest
    public var obstacles: [Zone] = []
    /// Hazard levels to avoid (0 major … 3 low).
    public var avoidLevels: [Int] = []
    /// Hazards of the avoided levels are closed rather than made dear.
    public var banHazards = false
    /// A hazardous-goods vehicle: roads that bar them are closed, and crowded sites are avoided like hazards.
    public var hazmat = false
    /// What crossing a penalised zone costs: its roads' cost multiplied by this.
    public var penalty = RouteQuery.defaultPenalty
    public var maxSnapMetres = RouteQuery.defaultSnapMetres
    /// The instant windowed hazards are taken at (epoch seconds).
    public var at: Int64

    public static let defaultPenalty = 10.0
    public static let defaultSnapMetres = 500.0
    public static let maxWaypoints = 25
    public static let maxObstacles = 200
    public static let maxPerimeterMetres = 400_000.0
    public static let maxVertices = 20_000
    public static let maxRadiusMetres = 100_000.0

    /// The hazard levels avoided as a bit set (`Hazard.level`), crowded sites among them for hazardous goods.
    var levels: UInt8 {
        avoidLevels.reduce(hazmat ? 1 << UInt8(Hazard.crowdedSite) : 0) { $0 | 1 << UInt8($1) }
    }

    public init(waypoints: [Coordinate], at: Int64) {
        self.waypoints = waypoints
        self.at = at
    }

    /// Refuses a request beyond the limits that keep one route's work bounded.
    public func validate() throws(RoutingError) {
        guard (2...Self.maxWaypoints).contains(waypoints.count) else {
            throw .badInput("a route needs 2 to \(Self.maxWaypoints) waypoints (from, vias, to); got \(waypoints.count)")
        }
        for (i, p) in waypoints.enumerated() where !((-180...180).contains(p.x) && (-90...90).contains(p.y)) {
            throw .badInput("waypoint \(i) (\(p.x),\(p.y)) is not a longitude/latitude")
        }
        guard obstacles.count <= Self.maxObstacles else {
            throw .badInput("at most \(Self.maxObstacles) obstacles per route; got \(obstacles.count)")
        }
        for z in obstacles {
            let b = z.bbox
            guard b.minX <= b.maxX, b.minX >= -180 && b.maxX <= 180 && b.minY >= -90 && b.maxY <= 90 else {
                throw .badInput("\(z.label) reaches beyond longitude/latitude (or is empty)")
            }
            if case .circle(_, let r) = z.shape, !(r > 0 && r <= Self.maxRadiusMetres) {
                throw .badInput("\(z.label): a circle's radius must be above 0 and at most \(Int(Self.maxRadiusMetres)) m")
            }
        }
        let perimeter = obstacles.reduce(0) { $0 + $1.perimeterMetres }
        guard perimeter <= Self.maxPerimeterMetres else {
            throw .badInput("the obstacles' perimeters add up to \(Int(perimeter / 1000)) km; at most \(Int(Self.maxPerimeterMetres / 1000)) km per route")
        }
        let vertices = obstacles.reduce(0) { $0 + $1.vertexCount }
        guard vertices <= Self.maxVertices else {
            throw .badInput("the obstacles have \(vertices) vertices; at most \(Self.maxVertices) per route")
        }
        guard penalty >= 1 && penalty <= 1000 else { throw .badInput("penalty must be a factor from 1 to 1000") }
        guard maxSnapMetres > 0 && maxSnapMetres <= 5000 else { throw .badInput("the snap distance must be 1 to 5000 m") }
    }
}

/// Why a route could not be asked or made: the input's fault (400), or no roads to route on.
public struct RoutingError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable { case badInput, noRoads }
    public let kind: Kind
    public let description: String

    public static func badInput(_ d: String) -> RoutingError { RoutingError(kind: .badInput, description: d) }
    public static let noRoads = RoutingError(kind: .noRoads, description: "the roads layer holds no roads to route on")
}
