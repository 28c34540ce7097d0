import Foundation
import GeoKit

/// An area a route keeps out of (`ban`) or pays to cross (a penalty): a caller's polygon or circle, or a
/// hazard's impact circle. `label` names it in answers ("obstacle 2", "risks/1234").
public struct Zone: Sendable {
    public enum Shape: Sendable {
        case circle(center: Coordinate, radiusM: Double)
        /// Rings closed or not, the first of each polygon its outside; a point is inside by the even-odd rule.
        case polygons([[[Coordinate]]])
    }

    public var shape: Shape
    public var ban: Bool
    public var label: String
    public let bbox: BBox
    /// Metres on the plane tangent at the zone's middle (a circle's distances, without a cosine per test).
    let local: LocalMetres
    /// A polygon zone's edges by rows of latitude, so that a test reads only the edges near it (nil for a circle).
    let edges: ZoneEdges?

    public init(_ shape: Shape, ban: Bool, label: String) {
        self.shape = shape
        self.ban = ban
        self.label = label
        switch shape {
        case .circle(let c, let r):
            local = LocalMetres(latitude: c.y)
            let d = local.degrees(r)
            bbox = BBox(minX: c.x - d.lon, minY: c.y - d.lat, maxX: c.x + d.lon, maxY: c.y + d.lat)
            edges = nil
        case .polygons(let polygons):
            var box = BBox.empty
            for p in polygons { for ring in p { for c in ring { box.extend(c) } } }
            bbox = box
            local = LocalMetres(latitude: box.minY <= box.maxY ? box.center.y : 0)
            edges = ZoneEdges(polygons, bbox: box)
        }
    }

    /// The length of its outline in metres (what a request's perimeter limit counts).
    public var perimeterMetres: Double {
        switch shape {
        case .circle(_, let r): return 2 * .pi * r
        case .polygons(let polygons):
            var sum = 0.0
            for p in polygons {
                for ring in p {
                    for (a, b) in zip(ring, ring.dropFirst() + ring.prefix(1)) { sum += LocalMetres(latitude: a.y).distance(a, b) }
                }
            }
            return sum
        }
    }

    public var vertexCount: Int {
        if case .polygons(let polygons) = shape { return polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }
        return 1
    }

    public func contains(_ p: Coordinate) -> Bool {
        guard bbox.contains(p) else { return false }
        switch shape {
        case .circle(let c, let r):
            return local.distance(c, p) <= r
        case .polygons(let polygons):
            var inside = false
            if let edges {
                edges.forEach(inRowOf: p.y) { a, b in if Self.rayCrosses(p, a, b) { inside.toggle() } }
                return inside
            }
            for poly in polygons {
                for ring in poly {
                    var j = ring.count - 1
                    for i in ring.indices {
                        if Self.rayCrosses(p, ring[i], ring[j]) { inside.toggle() }
                        j = i
                    }
                }
            }
            return inside
        }
    }

    /// Whether segment a–b meets the zone.
    public func meets(_ a: Coordinate, _ b: Coordinate) -> Bool {
        guard min(a.x, b.x) <= bbox.maxX, max(a.x, b.x) >= bbox.minX, min(a.y, b.y) <= bbox.maxY, max(a.y, b.y) >= bbox.minY else { return false }
        switch shape {
        case .circle(let c, let r):
            return Self.within(r, of: c, a, b, local)
        case .polygons(let polygons):
            if contains(a) || contains(b) { return true }
            if let edges {
                let x0 = min(a.x, b.x), x1 = max(a.x, b.x)
                return edges.contains(rows: edges.row(min(a.y, b.y)), edges.row(max(a.y, b.y))) { p, q in
                    min(p.x, q.x) <= x1 && max(p.x, q.x) >= x0 && Self.cross(a, b, p, q)
                }
            }
            for poly in polygons {
                for ring in poly {
                    for (p, q) in zip(ring, ring.dropFirst() + ring.prefix(1)) where Self.cross(a, b, p, q) { return true }
                }
            }
            return false
        }
    }

    /// Whether the zone may meet something inside `box`: false only when it surely does not (a circle farther
    /// than its radius and a metre from the box; a polygon away from its bounding box).
    func mayMeet(_ box: BBox) -> Bool {
        guard box.maxX >= bbox.minX, box.minX <= bbox.maxX, box.maxY >= bbox.minY, box.minY <= bbox.maxY else { return false }
        guard case .circle(let c, let r) = shape else { return true }
        let dx = max(box.minX - c.x, 0, c.x - box.maxX) * local.xScale, dy = max(box.minY - c.y, 0, c.y - box.maxY) * local.yScale
        return dx * dx + dy * dy <= (r + 1) * (r + 1)
    }

    /// Whether a line meets the zone.
    public func meets(line: [Coordinate]) -> Bool {
        zip(line, line.dropFirst()).contains { meets($0.0, $0.1) }
    }

    /// Whether segment a–b comes within r metres of c, on the plane `local`: the nearest point's distance
    /// compared squared, without a square root or a division (laying zones tests thousands of segments).
    private static func within(_ r: Double, of c: Coordinate, _ a: Coordinate, _ b: Coordinate, _ local: LocalMetres) -> Bool {
        let ax = (a.x - c.x) * local.xScale, ay = (a.y - c.y) * local.yScale
        let dx = (b.x - a.x) * local.xScale, dy = (b.y - a.y) * local.yScale
        let r2 = r * r
        // Along the segment, where the perpendicular from c falls: before a, past b, or between.
        let along = -(ax * dx + ay * dy), l2 = dx * dx + dy * dy
        if along <= 0 || l2 == 0 { return ax * ax + ay * ay <= r2 }
        if along >= l2 {
            let bx = ax + dx, by = ay + dy
            return bx * bx + by * by <= r2
        }
        let cross = ax * dy - ay * dx
        return cross * cross <= r2 * l2
    }

    /// Whether the ray east from p crosses edge a–b (even-odd rule: an edge's lower end counts, its upper does not).
    private static func rayCrosses(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Bool {
        (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x
    }

    /// Whether segments a–b and p–q cross or touch.
    private static func cross(_ a: Coordinate, _ b: Coordinate, _ p: Coordinate, _ q: Coordinate) -> Bool {
        func side(_ o: Coordinate, _ u: Coordinate, _ v: Coordinate) -> Double { (u.x - o.x) * (v.y - o.y) - (u.y - o.y) * (v.x - o.x) }
        let d1 = side(p, q, a), d2 = side(p, q, b), d3 = side(a, b, p), d4 = side(a, b, q)
        return ((d1 <= 0 && d2 >= 0) || (d1 >= 0 && d2 <= 0)) && ((d3 <= 0 && d4 >= 0) || (d3 >= 0 && d4 <= 0))
            && !(d1 == 0 && d2 == 0 && d3 == 0 && d4 == 0 && (max(a.x, b.x) < min(p.x, q.x) || max(p.x, q.x) < min(a.x, b.x)
                || max(a.y, b.y) < min(p.y, q.y) || max(p.y, q.y) < min(a.y, b.y)))
    }
}
