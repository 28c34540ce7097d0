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

/// Caps on one encoded tile. Bytes are of the tile before any HTTP compression.
public struct TileBudget: Sendable, Equatable {
    public var maxBytes: Int
    public var maxFeatures: Int

    public init(maxBytes: Int = .max, maxFeatures: Int = .max) {
        self.maxBytes = maxBytes
        self.maxFeatures = maxFeatures
    }

    public static let unlimited = TileBudget()
}

/// What happened to one layer's features.
public struct LayerReport: Sendable, Equatable {
    public let name: String
    public internal(set) var kept: Int
    /// Features whose geometry had nothing drawable left on the tile grid.
    public internal(set) var degenerate: Int
    /// Features left out to stay within the budget, counted by priority.
    public internal(set) var droppedByPriority: [Int: Int]

    public init(name: String, kept: Int = 0, degenerate: Int = 0, droppedByPriority: [Int: Int] = [:]) {
        self.name = name
        self.kept = kept
        self.degenerate = degenerate
        self.droppedByPriority = droppedByPriority
    }

    public var dropped: Int { droppedByPriority.values.reduce(0, +) }
}

/// An encoded tile and what it holds.
public struct EncodedTile: Sendable {
    public let bytes: [UInt8]
    /// One report per layer in the order layers were first used, including layers left empty.
    public let layers: [LayerReport]

    public func report(_ layer: String) -> LayerReport? { layers.first { $0.name == layer } }
}
