import Foundation
import GeoKit

/// Ground distance in metres between two nearby lon/lat points, on a sphere of the WGS 84 mean radius
/// (haversine). Good to well under a millimetre per metre at the distances these tests compare.
func metres(_ a: Coordinate, _ b: Coordinate) -> Double {
    let r = 6_371_008.8
    let φ1 = a.y * .pi / 180, φ2 = b.y * .pi / 180
    let dφ = φ2 - φ1, dλ = (b.x - a.x) * .pi / 180
    let h = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
    return 2 * r * asin(min(1, h.squareRoot()))
}

/// Planar distance in metres between two points of a projected CRS.
func planar(_ a: Coordinate, _ b: Coordinate) -> Double {
    ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
}
