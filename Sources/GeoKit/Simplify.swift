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
        guard points.count > 2, tolerance > 0 else {
            out.append(contentsOf: points)
            return
        }
        let base = points.startIndex
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        let tolerance2 = tolerance * tolerance
        // An explicit stack of index ranges instead of recursion: long rings cannot overflow the thread stack.
        var stack: [(Int, Int)] = [(0, points.count - 1)]
        while let (first, last) = stack.popLast() {
            guard last - first > 1 else { continue }
            let a = points[base + first], b = points[base + last]
            var farthest = -1
            var farthest2 = tolerance2
            for i in (first + 1)..<last {
                let d2 = segmentDistance2(points[base + i], a, b)
                if d2 > farthest2 {
                    farthest2 = d2
                    farthest = i
                }
            }
            if farthest >= 0 {
                keep[farthest] = true
                stack.append((first, farthest))
                stack.append((farthest, last))
            }
        }
        for i in 0..<points.count where keep[i] { out.append(points[base + i]) }
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
        var out = TileGeometry(kind: kind, capacity: coordinates.count)
        var keepHoles = false
        for i in 0..<partCount {
            if kind == .polygon && !isExterior[i] && !keepHoles { continue }
            let start = out.coordinates.count
            Simplify.douglasPeucker(part(i), tolerance: tolerance, into: &out.coordinates)
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
        return out
    }
}
