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
