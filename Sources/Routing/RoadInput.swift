import GeoKit

/// One road of the roads layer, as the graph is built from it: its line as drawn, its free-flow speed and
/// whether it may be driven against the line.
public struct RoadInput: Sendable {
    public var id: Int64
    public var name: String?
    public var line: [Coordinate]
    public var speedKmh: Double
    public var oneway: Bool
    public var hazmat: Bool

    public init(id: Int64, name: String?, line: [Coordinate], speedKmh: Double, oneway: Bool, hazmat: Bool) {
        self.id = id
        self.name = name
        self.line = line
        self.speedKmh = speedKmh
        self.oneway = oneway
        self.hazmat = hazmat
    }

    /// Free-flow speeds (km/h) for a road that states none, by class: typical urban limits.
    public static let defaultSpeedKmh = ["motorway": 100.0, "trunk": 80, "primary": 60, "secondary": 50, "tertiary": 40,
                                         "residential": 30, "service": 20]
}
