import RiskModel
import GeoKit

/// What one write changed on the grid, for the tile cache: the stored chunks rewritten (every level), and the
/// lon/lat box that holds every cell whose figures may differ now (time-windowed items change no chunk but
/// do change the grid "now"). `area` nil means everything (a rebuild).
public struct GridChange: Sendable, Equatable {
    public let chunks: [ChunkKey]
    public let area: BBox?

    public init(chunks: [ChunkKey], area: BBox?) {
        self.chunks = chunks
        self.area = area
    }
}

/// Where grid changes go: the service plugs in its tile cache's invalidation. It is called inside the write's
/// transaction, so it must be quick and must not touch the database; a write that then rolls back has only
/// invalidated tiles needlessly, which is safe.
public struct GridChangeSink: Sendable {
    private let body: @Sendable (GridChange) -> Void

    public init(_ body: @escaping @Sendable (GridChange) -> Void) {
        self.body = body
    }

    public static let ignore = GridChangeSink { _ in }

    public func deliver(_ change: GridChange) { body(change) }
}
