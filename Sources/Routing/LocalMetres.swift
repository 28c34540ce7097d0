import Foundation
import GeoKit

/// Distances in metres between nearby lon/lat points on a plane tangent at a latitude (equirectangular): within
/// a city the error is far below a road's width, and it needs no trigonometry per point.
public struct LocalMetres: Sendable {
    static let metresPerDegree = 111_195.0
    public let xScale: Double
    public let yScale = LocalMetres.metresPerDegree

    public init(latitude: Double) {
        xScale = Self.metresPerDegree * cos(latitude * .pi / 180)
    }

    public func distance(_ a: Coordinate, _ b: Coordinate) -> Double {
        let dx = (b.x - a.x) * xScale, dy = (b.y - a.y) * yScale
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The point of segment a–b nearest to p, as the fraction t along it, and its distance from p.
    func nearest(on a: Coordinate, _ b: Coordinate, to p: Coordinate) -> (t: Double, metres: Double) {
        let ax = (a.x - p.x) * xScale, ay = (a.y - p.y) * yScale
        let dx = (b.x - a.x) * xScale, dy = (b.y - a.y) * yScale
        let l2 = dx * dx + dy * dy
        let t = l2 == 0 ? 0 : min(max(-(ax * dx + ay * dy) / l2, 0), 1)
        let x = ax + t * dx, y = ay + t * dy
        return (t, (x * x + y * y).squareRoot())
    }

    /// Degrees of longitude and latitude spanning `metres`.
    public func degrees(_ metres: Double) -> (lon: Double, lat: Double) {
        (metres / max(xScale, 1), metres / yScale)
    }
}

extension Coordinate {
    /// The point a fraction `t` of the way from `a` to `b`.
    static func between(_ a: Coordinate, _ b: Coordinate, _ t: Double) -> Coordinate {
        Coordinate(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
    }
}
