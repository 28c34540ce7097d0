/// A point inside a polygon where a label or an icon can sit.
///
/// The centroid is not enough: for an L- or C-shaped site it falls outside. This samples horizontal lines
/// across the polygon, takes the middle of the widest inside span on each (inside by the even–odd rule, so
/// holes are respected), and keeps the candidate farthest from any edge: a cheap approximation of the pole
/// of inaccessibility that is always inside.
public enum LabelPoint {
    /// Rows sampled across the polygon's height; enough to find the bulk of shapes seen in practice.
    static let rows = 16

    /// The label point of a polygon given as rings (exterior first, holes after; closed or open), or nil when
    /// the rings enclose no area.
    public static func of(rings: [[Coordinate]]) -> Coordinate? {
        var box = BBox.empty
        for ring in rings { for c in ring { box.extend(c) } }
        guard !box.isEmpty, box.height > 0, box.width > 0 else { return nil }

        var best: Coordinate?
        var bestClearance = -1.0
        var crossings: [Double] = []
        for row in 0..<rows {
            let y = box.minY + box.height * (Double(row) + 0.5) / Double(rows)
            crossings.removeAll(keepingCapacity: true)
            for ring in rings {
                guard var a = ring.last else { continue }
                for b in ring {
                    // Half-open test so a vertex exactly on the row is counted once.
                    if (a.y > y) != (b.y > y) { crossings.append(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y)) }
                    a = b
                }
            }
            crossings.sort()
            var widest: (Double, Double)?
            var i = 0
            while i + 1 < crossings.count {
                let span = (crossings[i], crossings[i + 1])
                if span.1 - span.0 > (widest.map { $0.1 - $0.0 } ?? 0) { widest = span }
                i += 2
            }
            guard let (x0, x1) = widest else { continue }
            let candidate = Coordinate((x0 + x1) / 2, y)
            let clearance = distanceToEdges(candidate, rings)
            if clearance > bestClearance {
                bestClearance = clearance
                best = candidate
            }
        }
        return best
    }

    /// The label point of a polygon or of a multipolygon's largest member; nil for other kinds.
    public static func of(_ geometry: Geometry) -> Coordinate? {
        switch geometry {
        case .polygon(let rings):
            return of(rings: rings)
        case .multiPolygon(let polygons):
            let largest = polygons.max { abs(Clip.signedArea($0.first?[...] ?? [])) < abs(Clip.signedArea($1.first?[...] ?? [])) }
            return largest.flatMap { of(rings: $0) }
        default:
            return nil
        }
    }

    static func distanceToEdges(_ p: Coordinate, _ rings: [[Coordinate]]) -> Double {
        var nearest2 = Double.infinity
        for ring in rings {
            guard var a = ring.last else { continue }
            for b in ring {
                nearest2 = min(nearest2, Simplify.segmentDistance2(p, a, b))
                a = b
            }
        }
        return nearest2.squareRoot()
    }
}
