import GeoKit

/// A geometry as the distance code reads it: its paths (a line, each polygon ring, or a lone point as a path
/// of one position) and its polygons (to tell "inside").
public struct Shape: Sendable {
    public let geometry: Geometry
    let paths: [[Coordinate]]
    let polygons: [[[Coordinate]]]
    public let bbox: BBox
    /// The position of a shape that is one point (most hazards): distances to it need no segment search.
    let point: Coordinate?

    public init(_ geometry: Geometry) {
        self.geometry = geometry
        switch geometry {
        case .point(let c): (paths, polygons) = ([[c]], [])
        case .multiPoint(let cs): (paths, polygons) = (cs.map { [$0] }, [])
        case .lineString(let cs): (paths, polygons) = ([cs], [])
        case .multiLineString(let ls): (paths, polygons) = (ls, [])
        case .polygon(let rings): (paths, polygons) = (rings, [rings])
        case .multiPolygon(let ps): (paths, polygons) = (ps.flatMap { $0 }, ps)
        }
        bbox = geometry.bbox
        if case .point(let c) = geometry { point = c } else { point = nil }
    }

    public var vertexCount: Int { paths.reduce(0) { $0 + $1.count } }

    /// Whether `c` lies inside one of the polygons (even-odd over its rings, so holes are outside).
    func contains(_ c: Coordinate) -> Bool {
        guard !polygons.isEmpty, bbox.minX <= c.x, c.x <= bbox.maxX, bbox.minY <= c.y, c.y <= bbox.maxY else { return false }
        for polygon in polygons {
            var inside = false
            for ring in polygon where ring.count > 1 {
                var j = ring.count - 1
                for i in ring.indices {
                    let (a, b) = (ring[i], ring[j])
                    if (a.y > c.y) != (b.y > c.y), c.x < (b.x - a.x) * (c.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
                    j = i
                }
            }
            if inside { return true }
        }
        return false
    }
}

/// The nearest points of two shapes and the geodesic distance between them.
public struct Separation: Sendable {
    /// On the first shape (the probe) and on the second.
    public let from: Coordinate
    public let to: Coordinate
    /// Metres on WGS 84 (`Geodesic`); 0 when the shapes meet or one holds the other.
    public let distance: Double
    /// Degrees clockwise from north at `from`; nil when the distance is 0.
    public let bearing: Double?

    /// Between `probe` and `item`, found on `plane` (centred near the probe) and measured with `Geodesic`.
    public static func between(_ probe: Shape, _ item: Shape, plane: LocalPlane) -> Separation {
        between(probe, item, plane: plane, within: nil)!
    }

    /// `between`, or nil when the shapes lie clearly farther apart than `limit` metres on the plane (a 1% margin
    /// over its distortion): a search skips the geodesic of what it would drop anyway.
    static func between(_ probe: Shape, _ item: Shape, plane: LocalPlane, within limit: Double?) -> Separation? {
        let n = nearest(probe, item, plane: plane)
        if let c = n.meeting { return Separation(from: c, to: c, distance: 0, bearing: nil) }
        if let limit, n.d2.squareRoot() > limit * 1.01 + 1 { return nil }
        let from = plane.unproject(n.from.x, n.from.y), to = plane.unproject(n.to.x, n.to.y)
        let g = Geodesic.inverse(from, to)
        return Separation(from: from, to: to, distance: g.distance, bearing: g.distance > 0 ? g.azimuth : nil)
    }

    /// The distance on the plane alone (0 when the shapes meet): within 1 % + 1 m of the geodesic one at the
    /// distances searched, and a tenth of its cost; a search decides with it what is clearly in or out.
    static func planeDistance(_ probe: Shape, _ item: Shape, plane: LocalPlane) -> Double {
        if let p = probe.point, let q = item.point {
            let a = plane.project(p), b = plane.project(q)
            return ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
        }
        let n = nearest(probe, item, plane: plane)
        return n.meeting != nil ? 0 : n.d2.squareRoot()
    }

    /// The nearest points of two shapes on the plane, or where they meet (one holds the other, or they touch).
    private static func nearest(_ probe: Shape, _ item: Shape, plane: LocalPlane) -> (d2: Double, from: XY, to: XY, meeting: Coordinate?) {
        var best = Double.infinity
        var bestFrom = (x: 0.0, y: 0.0), bestTo = (x: 0.0, y: 0.0)
        for pa in probe.paths {
            for pb in item.paths {
                nearest(pa, pb, plane) { d2, f, t in
                    if d2 < best { (best, bestFrom, bestTo) = (d2, f, t) }
                }
                if best == 0 { break }
            }
        }
        if best == 0 { return (0, bestFrom, bestFrom, plane.unproject(bestFrom.x, bestFrom.y)) }
        if let c = item.paths.first?.first, probe.contains(c) { return (0, bestFrom, bestTo, c) }
        if let c = probe.paths.first?.first, item.contains(c) { return (0, bestFrom, bestTo, c) }
        return (best, bestFrom, bestTo, nil)
    }

    /// Calls `found` with the squared plane distance and nearest points of each pair of segments (a path of
    /// one position is a segment of length 0).
    private static func nearest(_ a: [Coordinate], _ b: [Coordinate], _ plane: LocalPlane,
                                _ found: (Double, (x: Double, y: Double), (x: Double, y: Double)) -> Void) {
        guard !a.isEmpty, !b.isEmpty else { return }
        var a0 = plane.project(a[0])
        for i in 0..<max(1, a.count - 1) {
            let a1 = a.count > 1 ? plane.project(a[i + 1]) : a0
            var b0 = plane.project(b[0])
            for j in 0..<max(1, b.count - 1) {
                let b1 = b.count > 1 ? plane.project(b[j + 1]) : b0
                let r = segments(a0, a1, b0, b1)
                found(r.d2, r.p, r.q)
                b0 = b1
            }
            a0 = a1
        }
    }

    typealias XY = (x: Double, y: Double)

    /// The squared distance and nearest points of segments p0p1 and q0q1.
    @inline(__always) static func segments(_ p0: XY, _ p1: XY, _ q0: XY, _ q1: XY) -> (d2: Double, p: XY, q: XY) {
        let d1 = (x: p1.x - p0.x, y: p1.y - p0.y), d2 = (x: q1.x - q0.x, y: q1.y - q0.y)
        let denom = d1.x * d2.y - d1.y * d2.x
        if denom != 0 {
            let r = (x: q0.x - p0.x, y: q0.y - p0.y)
            let t = (r.x * d2.y - r.y * d2.x) / denom, u = (r.x * d1.y - r.y * d1.x) / denom
            if t >= 0, t <= 1, u >= 0, u <= 1 {
                let c = (x: p0.x + t * d1.x, y: p0.y + t * d1.y)
                return (0, c, c)
            }
        }
        var best = onSegment(p0, q0, q1)
        var result = (d2: best.d2, p: p0, q: best.c)
        best = onSegment(p1, q0, q1)
        if best.d2 < result.d2 { result = (best.d2, p1, best.c) }
        best = onSegment(q0, p0, p1)
        if best.d2 < result.d2 { result = (best.d2, best.c, q0) }
        best = onSegment(q1, p0, p1)
        if best.d2 < result.d2 { result = (best.d2, best.c, q1) }
        return result
    }

    /// The point of segment ab nearest to p, and the squared distance to it.
    @inline(__always) static func onSegment(_ p: XY, _ a: XY, _ b: XY) -> (d2: Double, c: XY) {
        let d = (x: b.x - a.x, y: b.y - a.y)
        let len2 = d.x * d.x + d.y * d.y
        var t = len2 > 0 ? ((p.x - a.x) * d.x + (p.y - a.y) * d.y) / len2 : 0
        t = min(1, max(0, t))
        let c = (x: a.x + t * d.x, y: a.y + t * d.y)
        let dx = p.x - c.x, dy = p.y - c.y
        return (dx * dx + dy * dy, c)
    }
}
