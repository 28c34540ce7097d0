import Foundation
import GeoKit

/// Distances and azimuths on the WGS 84 ellipsoid by Vincenty's inverse formula (1975), iterated to 1e-12 rad:
/// sub-millimetre for any two points riskmap compares (they are never near-antipodal, where it would not
/// converge; it then falls back to the last iterate, still within metres at 20,000 km).
public enum Geodesic {
    static let a = 6_378_137.0
    static let f = 1 / 298.257223563
    static let b = a * (1 - f)

    /// Metres from `p` to `q` and the azimuth at `p` in degrees clockwise from north, in [0, 360).
    public static func inverse(_ p: Coordinate, _ q: Coordinate) -> (distance: Double, azimuth: Double) {
        if p == q { return (0, 0) }
        let rad = Double.pi / 180
        let L = (q.x - p.x) * rad
        let u1 = atan((1 - f) * tan(p.y * rad)), u2 = atan((1 - f) * tan(q.y * rad))
        let (sinU1, cosU1, sinU2, cosU2) = (sin(u1), cos(u1), sin(u2), cos(u2))
        var lambda = L
        var sinSigma = 0.0, cosSigma = 0.0, sigma = 0.0, cosSqAlpha = 0.0, cos2SigmaM = 0.0
        var sinLambda = 0.0, cosLambda = 0.0
        for _ in 0..<200 {
            sinLambda = sin(lambda)
            cosLambda = cos(lambda)
            let t1 = cosU2 * sinLambda, t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda
            sinSigma = (t1 * t1 + t2 * t2).squareRoot()
            if sinSigma == 0 { return (0, 0) }
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
            sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
            cosSqAlpha = 1 - sinAlpha * sinAlpha
            cos2SigmaM = cosSqAlpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0
            let C = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha))
            let previous = lambda
            lambda = L + (1 - C) * f * sinAlpha
                * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            if abs(lambda - previous) < 1e-12 { break }
        }
        let uSq = cosSqAlpha * (a * a - b * b) / (b * b)
        let A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
        let B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))
        let deltaSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
            - B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
        let s = b * A * (sigma - deltaSigma)
        var azimuth = atan2(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) / rad
        if azimuth < 0 { azimuth += 360 }
        return (s, azimuth)
    }
}

/// A local plane around an origin, in metres east and north (the ellipsoid's meridional and normal radii of
/// curvature at the origin's latitude). Used only to find which point of a shape is nearest; the distance
/// itself is then measured with `Geodesic`, so the plane's distortion (parts per million within 10 km) moves
/// the chosen point, not the answer, and the answer errs by the square of that.
public struct LocalPlane: Sendable {
    let origin: Coordinate
    let kx: Double
    let ky: Double

    public init(origin: Coordinate) {
        self.origin = origin
        let phi = origin.y * Double.pi / 180
        let e2 = Geodesic.f * (2 - Geodesic.f)
        let w = (1 - e2 * sin(phi) * sin(phi)).squareRoot()
        let n = Geodesic.a / w
        let m = Geodesic.a * (1 - e2) / (w * w * w)
        kx = n * cos(phi) * Double.pi / 180
        ky = m * Double.pi / 180
    }

    @inline(__always) func project(_ c: Coordinate) -> (x: Double, y: Double) {
        ((c.x - origin.x) * kx, (c.y - origin.y) * ky)
    }

    @inline(__always) public func unproject(_ x: Double, _ y: Double) -> Coordinate {
        Coordinate(origin.x + x / kx, origin.y + y / ky)
    }

    /// Degrees of longitude and latitude that hold at least `metres` around the origin (for boxes).
    func degrees(_ metres: Double) -> (lon: Double, lat: Double) {
        (metres / kx * 1.01, metres / ky * 1.01)
    }
}
