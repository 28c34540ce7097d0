/// What the Tiles module refuses, in words a user can act on (GeoKit's `TileError` is about tile coordinates).
/// The HTTP edge maps it to problem+json (Service/TilesError+HTTP.swift) and the CLI to an exit code, each once.
public enum TilesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A layer list named a layer there is none of; `known` are the names a list may use.
    case unknownLayer(String, known: [String])
    /// Zooms outside what tiles can have.
    case zoomsOutOfRange(ClosedRange<Int>, max: Int)
    /// zlib could not compress a tile for an MBTiles file.
    case gzipFailed

    public var description: String {
        switch self {
        case .unknownLayer(let name, let known): "unknown tile layer '\(name)' (layers: \(known.joined(separator: ",")))"
        case .zoomsOutOfRange(let zooms, let max): "zooms must lie within 0…\(max), not \(zooms.lowerBound)…\(zooms.upperBound)"
        case .gzipFailed: "gzip failed"
        }
    }
}
