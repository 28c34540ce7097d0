import HTTP
import RiskGrid
import RiskModel

extension GridError: HTTPErrorConvertible {
    public var httpError: HTTPError {
        switch self {
        case .notBuilt, .noData: HTTPError(.notFound, description)
        case .tooManyCellsRequested, .invalidLevel: HTTPError(.badRequest, description)
        case .notFound: HTTPError(.notFound, description)
        case .tooManyCells, .outsideExtent: HTTPError(.badRequest, description)
        }
    }
}
