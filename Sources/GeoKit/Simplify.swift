/// Douglas–Peucker simplification in tile units.
public enum Simplify {
    /// The tolerance, in units of a tile of `extent`, for tiles at `zoom`: `pixels` of a 512-pixel tile below
    /// `detailZoom`, and 0 (every vertex kept) from `detailZoom` on. Being constant in tile units, it halves on
    /// the ground with each zoom level: a z10 tile drops detail under ~150 m × `pixels`, a z15 tile under ~5 m.
    public static func tolerance(zoom: Int, extent: Int = 4096, pixels: Double = 1, detailZoom: Int = 16) -> Double {
        zoom >= detailZoom ? 0 : pixels * Double(extent) / 512
    }

    /// Appends to `out` the vertices of `points` that Douglas–Peucker keeps: the first and last always, and
    /// every vertex farther than `tolerance` from the simplified line. A closed ring (first = last) works too,
    /// since distance to the degenerate first segment is distance to the start point.
    public static func douglasPeucker(_ points: ArraySlice<Coordinate>, tolerance: Double, into out: inout [Coordinate]) {
        var scratch = Scratch()
        douglasPeucker(points, tolerance: tolerance, into: &out, scratch: &scratch)
    }

    /// Working memory reused across the parts of a geometry (and the features of a tile), so simplifying does
    /// not allocate per ring.
    public struct Scratch {
        var keep: [Bool] = []
        // An explicit stack of index ranges instead of recursion: long rings cannot overflow the thread stack.
        var stack: [(Int, Int)] = []

        public init() {}
    }

    static func douglasPeucker(_ points: ArraySlice<Coordinate>, tolerance: Double, into out: inout [Coordinate],
                               scratch: inout Scratch) {
        guard points.count > 2, tolerance > 0 else {
            out.append(contentsOf: points)
            return
        }
        let base = points.startIndex
        scratch.keep.removeAll(keepingCapacity: true)
        scratch.keep.append(contentsOf: repeatElement(false, count: points.count))
        scratch.keep[0] = true
        scratch.keep[points.count - 1] = true
        let tolerance2 = tolerance * tolerance
        scratch.stack.removeAll(keepingCapacity: true)
        scratch.stack.append((0, points.count - 1))
        while let (first, last) = scratch.stack.popLast() {
            guard last - first > 1 else { continue }
            let a = points[base + first], b = points[base + last]
            // Segment terms hoisted out of the loop: one division per range instead of one per vertex.
            let dx = b.x - a.x, dy = b.y - a.y
            let length2 = dx * dx + dy * dy
            let inverse = length2 > 0 ? 1 / length2 : 0
            var farthest = -1
            var farthest2 = tolerance2
            for i in (first + 1)..<last {
                let p = points[base + i]
                let t = min(max(((p.x - a.x) * dx + (p.y - a.y) * dy) * inverse, 0), 1)
                let ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y
                let d2 = ex * ex + ey * ey
                if d2 > farthest2 {
                    farthest2 = d2
                    farthest = i
                }
            }
            if farthest >= 0 {
                scratch.keep[farthest] = true
                scratch.stack.append((first, farthest))
                scratch.stack.append((farthest, last))
            }
        }
        for i in 0..<points.count where scratch.keep[i] { out.append(points[base + i]) }
    }

    /// Squared distance from `p` to the segment a–b.
    static func segmentDistance2(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
        var x = a.x, y = a.y
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        if length2 > 0 {
            let t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2
            if t >= 1 {
                x = b.x
                y = b.y
            } else if t > 0 {
                x += dx * t
                y += dy * t
            }
        }
        return (p.x - x) * (p.x - x) + (p.y - y) * (p.y - y)
    }
}

extension TileGeometry {
    /// The geometry simplified with `tolerance` tile units. Lines keep their endpoints; rings keep at least four
    /// points (a closed triangle) and non-zero area or are dropped, and a dropped exterior takes its holes along.
    /// Points are returned unchanged.
    public func simplified(tolerance: Double) -> TileGeometry {
        guard kind != .point, tolerance > 0 else { return self }
        var out = TileGeometry(kind: kind)
        var scratch = Simplify.Scratch()
        simplify(tolerance: tolerance, into: &out, scratch: &scratch)
        return out
    }

    /// `simplified(tolerance:)` written into `out` (emptied first, its buffers kept).
    public func simplify(tolerance: Double, into out: inout TileGeometry, scratch: inout Simplify.Scratch) {
        guard kind != .point, tolerance > 0 else { return copy(into: &out) }
        out.reset(kind: kind)
        var keepHoles = false
        for i in 0..<partCount {
            if kind == .polygon && !isExterior[i] && !keepHoles { continue }
            let start = out.coordinates.count
            Simplify.douglasPeucker(part(i), tolerance: tolerance, into: &out.coordinates, scratch: &scratch)
            let kept = out.coordinates[start...]
            let valid = kind == .line ? kept.count >= 2 : kept.count >= 4 && Clip.signedArea(kept) != 0
            if kind == .polygon && isExterior[i] { keepHoles = valid }
            if valid {
                out.partEnds.append(out.coordinates.count)
                out.isExterior.append(isExterior[i])
            } else {
                out.coordinates.removeSubrange(start...)
            }
        }
    }
}
