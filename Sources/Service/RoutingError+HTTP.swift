import HTTP
import Routing

extension RoutingError: HTTPErrorConvertible {
    public var httpError: HTTPError {
        switch kind {
        case .badInput: HTTPError(.badRequest, description)
        case .noRoads: HTTPError(.notFound, description)
        }
    }
}
