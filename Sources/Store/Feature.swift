import GeoKit

/// A feature of a layer: its id (nil before it is stored), geometry and attributes by field name.
public struct Feature: Sendable, Equatable {
    public var id: Int64?
    public var geometry: Geometry?
    public var properties: [String: Value]

    public init(id: Int64? = nil, geometry: Geometry?, properties: [String: Value] = [:]) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }

    public subscript(_ name: String) -> Value {
        get { properties[name] ?? .null }
        set { properties[name] = newValue }
    }
}
