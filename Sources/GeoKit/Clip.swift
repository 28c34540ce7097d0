/// Clipping to an axis-aligned box (in practice a tile grown by its buffer).
public enum Clip {
    /// The pieces of `line` inside `box`, each appended to `out` as a part of its own. A line that leaves and
    /// re-enters the box becomes several pieces rather than one piece with a segment along the edge, so no
    /// stroke is drawn where the line was not.
    public static func line(_ line: ArraySlice<Coordinate>, to box: BBox, into out: inout TileGeometry) {
        var pieceStart = out.coordinates.count
        func finishPiece() {
            if out.coordinates.count - pieceStart >= 2 {
                out.partEnds.append(out.coordinates.count)
                out.isExterior.append(true)
            } else {
                out.coordinates.removeSubrange(pieceStart...)
            }
            pieceStart = out.coordinates.count
        }
        var i = line.startIndex
        while i + 1 < line.endIndex {
            let a = line[i], b = line[i + 1]
            i += 1
            if a == b { continue }
            // A segment that only touches the box at one point adds nothing to draw; one with a non-finite end
            // has no place at all (Liang–Barsky would wave it through, as every comparison with NaN is false).
            guard a.isFinite, b.isFinite, let (t0, t1) = liangBarsky(a, b, box), t1 > t0 else {
                finishPiece()
                continue
            }
            // A segment that enters the box (t0 > 0) starts a new piece; one that starts inside continues it.
            if t0 > 0 || out.coordinates.count == pieceStart {
                finishPiece()
                out.coordinates.append(t0 == 0 ? a : lerp(a, b, t0))
            }
            out.coordinates.append(t1 == 1 ? b : lerp(a, b, t1))
            if t1 < 1 { finishPiece() }
        }
        finishPiece()
    }

    /// `ring` (closed) clipped to `box` by Sutherland–Hodgman, returned closed; empty when less than a triangle
    /// of non-zero area is left. A concave ring that leaves the box on one side and comes back may gain
    /// zero-width spans along the box edge; they lie outside the tile proper (in the buffer) or on its edge,
    /// where they draw nothing.
    public static func ring(_ ring: ArraySlice<Coordinate>, to box: BBox) -> [Coordinate] {
        guard ring.count >= 4 else { return [] }
        var ringBox = BBox.empty
        for c in ring { ringBox.extend(c) }
        if ringBox.minX >= box.minX, ringBox.maxX <= box.maxX, ringBox.minY >= box.minY, ringBox.maxY <= box.maxY {
            return Array(ring)
        }
        guard ringBox.intersects(box) else { return [] }

        // Work on the open ring (closing point dropped, non-finite points left out), two buffers swapped
        // between the four edges.
        var input = ring.dropLast().filter(\.isFinite)
        var output: [Coordinate] = []
        output.reserveCapacity(input.count + 8)
        for edge in Edge.allCases {
            output.removeAll(keepingCapacity: true)
            guard var previous = input.last else { return [] }
            var previousInside = edge.contains(previous, box)
            for current in input {
                let currentInside = edge.contains(current, box)
                if currentInside != previousInside { output.append(edge.intersection(previous, current, box)) }
                if currentInside { output.append(current) }
                previous = current
                previousInside = currentInside
            }
            swap(&input, &output)
        }
        guard input.count >= 3, signedArea(input[...]) != 0 else { return [] }
        input.append(input[0])
        return input
    }

    /// Twice the signed area by the shoelace formula; positive when the ring turns clockwise with y down
    /// (counter-clockwise with y up). Works on open or closed rings.
    public static func signedArea(_ ring: ArraySlice<Coordinate>) -> Double {
        guard var previous = ring.last else { return 0 }
        var sum = 0.0
        for c in ring {
            sum += previous.x * c.y - c.x * previous.y
            previous = c
        }
        return sum
    }

    /// Parameters t0 ≤ t1 of the part of segment a→b inside `box`, or nil when it misses the box (Liang–Barsky).
    static func liangBarsky(_ a: Coordinate, _ b: Coordinate, _ box: BBox) -> (Double, Double)? {
        // Most segments of a tile's lines lie wholly inside the box or wholly beyond one of its sides: those
        // are answered without the four divisions.
        let inside = { (c: Coordinate) in c.x >= box.minX && c.x <= box.maxX && c.y >= box.minY && c.y <= box.maxY }
        if inside(a) && inside(b) { return (0, 1) }
        if (a.x < box.minX && b.x < box.minX) || (a.x > box.maxX && b.x > box.maxX)
            || (a.y < box.minY && b.y < box.minY) || (a.y > box.maxY && b.y > box.maxY) { return nil }
        let dx = b.x - a.x, dy = b.y - a.y
        var t0 = 0.0, t1 = 1.0
        // One test per box side, written out rather than looped over an array so the hot path allocates nothing.
        guard narrow(-dx, a.x - box.minX, &t0, &t1), narrow(dx, box.maxX - a.x, &t0, &t1),
              narrow(-dy, a.y - box.minY, &t0, &t1), narrow(dy, box.maxY - a.y, &t0, &t1) else { return nil }
        return (t0, t1)
    }

    /// Narrows [t0, t1] by one side: p is the direction across it, q the distance inside it; false when the
    /// segment lies wholly outside that side.
    private static func narrow(_ p: Double, _ q: Double, _ t0: inout Double, _ t1: inout Double) -> Bool {
        if p == 0 { return q >= 0 }
        let r = q / p
        if p < 0 {
            if r > t1 { return false }
            if r > t0 { t0 = r }
        } else {
            if r < t0 { return false }
            if r < t1 { t1 = r }
        }
        return true
    }

    static func lerp(_ a: Coordinate, _ b: Coordinate, _ t: Double) -> Coordinate {
        Coordinate(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
    }

    enum Edge: CaseIterable {
        case left, right, top, bottom

        func contains(_ c: Coordinate, _ box: BBox) -> Bool {
            switch self {
            case .left: c.x >= box.minX
            case .right: c.x <= box.maxX
            case .top: c.y >= box.minY
            case .bottom: c.y <= box.maxY
            }
        }

        /// Where a→b crosses this edge's line; the crossing coordinate is set exactly so that rounding never
        /// puts the point back outside.
        func intersection(_ a: Coordinate, _ b: Coordinate, _ box: BBox) -> Coordinate {
            switch self {
            case .left, .right:
                let x = self == .left ? box.minX : box.maxX
                return Coordinate(x, a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x))
            case .top, .bottom:
                let y = self == .top ? box.minY : box.maxY
                return Coordinate(a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y)
            }
        }
    }
}

extension Coordinate {
    var isFinite: Bool { x.isFinite && y.isFinite }
}

extension TileGeometry {
    /// The geometry clipped to `box`: points outside dropped, lines cut into pieces, rings clipped; a polygon
    /// whose exterior is clipped away loses its holes too.
    public func clipped(to box: BBox) -> TileGeometry {
        var out = TileGeometry(kind: kind)
        clip(to: box, into: &out)
        return out
    }

    /// `clipped(to:)` written into `out` (emptied first, its buffers kept).
    public func clip(to box: BBox, into out: inout TileGeometry) {
        let own = bbox
        if own.isEmpty || (own.minX >= box.minX && own.maxX <= box.maxX && own.minY >= box.minY && own.maxY <= box.maxY) {
            return copy(into: &out)
        }
        out.reset(kind: kind)
        var keepHoles = false
        for i in 0..<partCount {
            let p = part(i)
            switch kind {
            case .point:
                if let c = p.first, box.contains(c) { out.append(part: p) }
            case .line:
                Clip.line(p, to: box, into: &out)
            case .polygon:
                if !isExterior[i] && !keepHoles { continue }
                let clipped = Clip.ring(p, to: box)
                if isExterior[i] { keepHoles = !clipped.isEmpty }
                if !clipped.isEmpty { out.append(part: clipped, exterior: isExterior[i]) }
            }
        }
    }
}
