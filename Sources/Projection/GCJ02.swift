import GeoKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GCJ-02, the offset ("Mars") coordinates of Chinese web maps (AMap/Gaode, Tencent, Google China), and WGS 84.
///
/// GCJ-02 is not a CRS PROJ knows: it is WGS 84 plus a deliberate, smooth offset of a few hundred metres inside
/// China. The forward formula is the widely published one (see docs/COORDINATES.md for the algorithm and its
/// sources); it has no closed-form inverse, so `toWGS84` solves it by iteration. Coordinates are x = longitude,
/// y = latitude, in degrees.
public enum GCJ02 {
    /// Semi-major axis and first eccentricity squared of the Krasovsky 1940 ellipsoid, which the published
    /// formula uses to turn its offsets from metres into degrees.
    static let a = 6378245.0
    static let ee = 0.00669342162296594323

    /// Iteration stops once a correction is this small (degrees, ~10 µm); the last correction is applied, so the
    /// result is closer still, near the limit of a Double.
    static let tolerance = 1e-10
    static let maxIterations = 30

    /// False where the published formula applies no offset: outside the box it tests, roughly China's extent.
    /// (The box also covers some neighbours; the formula does not know borders, and neither do the maps.)
    public static func isOffset(_ c: Coordinate) -> Bool {
        c.x >= 72.004 && c.x <= 137.8347 && c.y >= 0.8293 && c.y <= 55.8271
    }

    /// WGS 84 → GCJ-02.
    public static func fromWGS84(_ wgs: Coordinate) -> Coordinate {
        guard isOffset(wgs) else { return wgs }
        let d = offset(wgs)
        return Coordinate(wgs.x + d.x, wgs.y + d.y)
    }

    /// GCJ-02 → WGS 84, by fixed-point iteration on w ← w − (w + offset(w) − gcj). The offset's slope is below 0.01
    /// degree per degree, so each round shrinks the error at least a hundredfold: four or five rounds reach 1e-10°.
    /// (The common one-step inverse, gcj − offset(gcj), is off by up to a few metres.)
    public static func toWGS84(_ gcj: Coordinate) -> Coordinate {
        guard isOffset(gcj) else { return gcj }
        var wgs = gcj
        for _ in 0..<maxIterations {
            // The offset is applied even if `wgs` strays just outside the box: the forward map jumps at the box
            // edge, and stepping across that jump would make the iteration oscillate instead of converge.
            let d = offset(wgs)
            let dx = wgs.x + d.x - gcj.x
            let dy = wgs.y + d.y - gcj.y
            wgs.x -= dx
            wgs.y -= dy
            if abs(dx) < tolerance && abs(dy) < tolerance { break }
        }
        return wgs
    }

    /// WGS 84 → GCJ-02 for every point, in place.
    public static func fromWGS84(_ points: inout [Coordinate]) {
        for i in points.indices { points[i] = fromWGS84(points[i]) }
    }

    /// GCJ-02 → WGS 84 for every point, in place.
    public static func toWGS84(_ points: inout [Coordinate]) {
        for i in points.indices { points[i] = toWGS84(points[i]) }
    }

    /// The offset in degrees to add to a WGS 84 point: the two series give metres-like values on a plane centred
    /// at 105°E 35°N, which are then divided by the Krasovsky meridian and parallel radii at the point.
    static func offset(_ wgs: Coordinate) -> Coordinate {
        let x = wgs.x - 105.0
        let y = wgs.y - 35.0
        let latitude = wgs.y * .pi / 180
        let s = sin(latitude)
        let w = 1 - ee * s * s
        let meridianRadius = a * (1 - ee) / (w * w.squareRoot())
        let parallelRadius = a / w.squareRoot() * cos(latitude)
        let dLat = latitudeSeries(x, y) * 180 / (meridianRadius * .pi)
        let dLon = longitudeSeries(x, y) * 180 / (parallelRadius * .pi)
        return Coordinate(dLon, dLat)
    }

    static func latitudeSeries(_ x: Double, _ y: Double) -> Double {
        var r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        r += commonWave(x)
        r += (20 * sin(y * .pi) + 40 * sin(y / 3 * .pi)) * 2 / 3
        r += (160 * sin(y / 12 * .pi) + 320 * sin(y / 30 * .pi)) * 2 / 3
        return r
    }

    static func longitudeSeries(_ x: Double, _ y: Double) -> Double {
        var r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        r += commonWave(x)
        r += (20 * sin(x * .pi) + 40 * sin(x / 3 * .pi)) * 2 / 3
        r += (150 * sin(x / 12 * .pi) + 300 * sin(x / 30 * .pi)) * 2 / 3
        return r
    }

    /// The high-frequency term both series share.
    private static func commonWave(_ x: Double) -> Double {
        (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
    }
}
