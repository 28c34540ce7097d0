import GeoKit

/// A fire station of the resources layer (`kind` fire_station…): where isochrones and coverage start.
public struct FireStation: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let point: Coordinate
}
