/// Why a store operation was refused. Each case says what was wrong in words a client can act on.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The feature broke the layer's rules; every problem found is listed.
    case invalidFeature(layer: String, problems: [String])
    case unknownLayer(String)
    /// A query named unknown properties or gave values of the wrong type.
    case invalidQuery([String])
    case notFound(layer: String, id: Int64)
    /// The write would break a reference (a risk whose source does not exist, a source that still has risks).
    case conflict(String)
    /// The writer may not touch this feature (an enterprise token and another enterprise's risk).
    case forbidden(String)
    case schemaTooNew(found: Int, supported: Int)
    case notADatabase(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidFeature(let layer, let problems): "invalid \(layer) feature: " + problems.joined(separator: "; ")
        case .invalidQuery(let problems): "invalid query: " + problems.joined(separator: "; ")
        case .unknownLayer(let name): "unknown layer '\(name)' (layers: \(Catalog.layers.map(\.name).joined(separator: ", ")))"
        case .notFound(let layer, let id): "\(layer) feature \(id) does not exist"
        case .conflict(let message), .forbidden(let message): message
        case .schemaTooNew(let found, let supported):
            "database schema version \(found) is newer than this riskmap supports (\(supported)); upgrade riskmap"
        case .notADatabase(let path, let reason): "\(path) is not a riskmap database: \(reason)"
        }
    }
}
