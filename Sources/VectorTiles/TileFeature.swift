import GeoKit

/// One feature to encode: geometry already in tile units (see `TileTransform.tileGeometry`), attributes, and
/// the priority the tile budget drops by (lowest first). riskmap gives risks their severity: major 3,
/// significant 2, general 1, low 0.
public struct TileFeature: Sendable {
    public var id: UInt64?
    public var geometry: TileGeometry
    /// Attributes in order; a key given twice keeps its first value.
    public var properties: [(key: String, value: PropertyValue)]
    public var priority: Int

    public init(id: UInt64? = nil, geometry: TileGeometry, properties: [(key: String, value: PropertyValue)] = [],
                priority: Int = 0) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
        self.priority = priority
    }
}
