import HTTP
import Store

/// Store errors become problem+json responses here, once, at the HTTP edge.
extension StoreError: HTTPErrorConvertible {
    public var httpError: HTTPError {
        switch self {
        case .invalidFeature, .invalidQuery: HTTPError(.badRequest, description, type: "https://riskmap.dev/problems/invalid-input")
        case .unknownLayer: HTTPError(.notFound, description, type: "https://riskmap.dev/problems/unknown-collection")
        case .notFound: HTTPError(.notFound, description)
        case .conflict: HTTPError(.conflict, description)
        case .forbidden: HTTPError(.forbidden, description)
        case .schemaTooNew, .notADatabase: HTTPError(.internalServerError, "the database cannot be used: \(description)")
        }
    }
}
