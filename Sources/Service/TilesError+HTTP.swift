import HTTP
import Tiles

/// Tile errors become problem+json responses here, once, at the HTTP edge.
extension TilesError: HTTPErrorConvertible {
    public var httpError: HTTPError {
        switch self {
        case .unknownLayer: HTTPError(.notFound, description)
        case .zoomsOutOfRange: HTTPError(.badRequest, description)
        case .gzipFailed: HTTPError(.internalServerError, description)
        }
    }
}

/// A tile not drawn now: 503 with Retry-After, which a client retries.
extension TileUnavailable: HTTPErrorConvertible {
    public var httpError: HTTPError {
        HTTPError(.serviceUnavailable, detail, headers: ["Retry-After": String(retryAfter)])
    }
}
