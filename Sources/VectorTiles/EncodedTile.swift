/// An encoded tile and what it holds.
public struct EncodedTile: Sendable {
    public let bytes: [UInt8]
    /// One report per layer in the order layers were first used, including layers left empty.
    public let layers: [LayerReport]

    public func report(_ layer: String) -> LayerReport? { layers.first { $0.name == layer } }
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
