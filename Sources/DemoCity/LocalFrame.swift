import Foundation
import GeoKit

/// Metres east and north of the city centre, converted to longitude/latitude with a local spherical
/// approximation; good to well under a metre across a city.
struct LocalFrame {
    let centre: Coordinate
    private let metresPerDegreeLat = 111_132.0
    private let metresPerDegreeLon: Double

    init(centre: Coordinate) {
        self.centre = centre
        metresPerDegreeLon = 111_320.0 * cos(centre.y * .pi / 180)
    }

    func lonLat(_ x: Double, _ y: Double) -> Coordinate {
        Coordinate(round7(centre.x + x / metresPerDegreeLon), round7(centre.y + y / metresPerDegreeLat))
    }

    func metres(_ c: Coordinate) -> (x: Double, y: Double) {
        ((c.x - centre.x) * metresPerDegreeLon, (c.y - centre.y) * metresPerDegreeLat)
    }

    /// A closed rectangle ring around (x, y), in lon/lat, counter-clockwise as RFC 7946 asks.
    func rectangle(_ x: Double, _ y: Double, width: Double, height: Double) -> [Coordinate] {
        let (w, h) = (width / 2, height / 2)
        return [lonLat(x - w, y - h), lonLat(x + w, y - h), lonLat(x + w, y + h), lonLat(x - w, y + h), lonLat(x - w, y - h)]
    }

    /// Coordinates kept to 1e-7° (about 1 cm): what a survey would give, and a compact file.
    private func round7(_ v: Double) -> Double { (v * 1e7).rounded() / 1e7 }
}
