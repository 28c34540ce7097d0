import GeoKit

/// Turns a tile geometry into the MVT command stream: MoveTo, LineTo and ClosePath with zigzag-encoded deltas
/// from a cursor that runs through the whole feature.
///
/// Coordinates are rounded to the integer grid here, and what rounding breaks is repaired or dropped as MVT 2.1
/// requires: repeated points (zero-length LineTo) are removed, a line left with one point is dropped, the closing
/// point of a ring is not written (ClosePath implies it), a ring with fewer than three points or zero area is
/// dropped along with its holes if it is an exterior, and ring winding is set to the spec's: exterior clockwise
/// on screen (positive shoelace area with y down), holes counter-clockwise.
struct GeometryEncoder {
    enum Command: UInt32 {
        case moveTo = 1, lineTo = 2, closePath = 7

        func with(count: Int) -> UInt32 { rawValue | UInt32(count) << 3 }
    }

    /// Grid coordinates are clamped to ±2^24 units (4096 tiles of 4096 away, far past any buffer) so that
    /// deltas fit in 32 bits and area products in 64 bits; only unclipped garbage input reaches the clamp.
    static let limit = Double(1 << 24)

    /// Scratch space for one part, kept between features so encoding a tile allocates it once.
    private var ring: [TilePoint] = []
    private var cursor = TilePoint(0, 0)

    /// Appends the geometry's command stream to `commands` (a layer's shared buffer); false, with nothing
    /// appended, when nothing drawable is left after rounding.
    mutating func encode(_ geometry: TileGeometry, into commands: inout [UInt32]) -> Bool {
        let start = commands.count
        cursor = TilePoint(0, 0)
        switch geometry.kind {
        case .point: points(geometry, &commands)
        case .line: lines(geometry, &commands)
        case .polygon: polygons(geometry, &commands)
        }
        return commands.count > start
    }

    /// The command stream of a single point at `position` (tile units); false, with nothing appended, when the
    /// position is not finite. The same commands `encode` writes for a one-point geometry.
    static func encodePoint(_ position: Coordinate, into commands: inout [UInt32]) -> Bool {
        guard let p = quantize(position) else { return false }
        commands.append(Command.moveTo.with(count: 1))
        commands.append(ProtobufWriter.zigzag(p.x))
        commands.append(ProtobufWriter.zigzag(p.y))
        return true
    }

    static func quantize(_ c: Coordinate) -> TilePoint? {
        guard c.x.isFinite, c.y.isFinite else { return nil }
        return TilePoint(Int32(min(max(c.x.rounded(), -limit), limit)), Int32(min(max(c.y.rounded(), -limit), limit)))
    }

    private mutating func points(_ g: TileGeometry, _ out: inout [UInt32]) {
        ring.removeAll(keepingCapacity: true)
        for c in g.coordinates { if let p = Self.quantize(c) { ring.append(p) } }
        guard !ring.isEmpty else { return }
        out.append(Command.moveTo.with(count: ring.count))
        for p in ring { move(to: p, &out) }
    }

    private mutating func lines(_ g: TileGeometry, _ out: inout [UInt32]) {
        for i in 0..<g.partCount {
            fill(g.part(i))
            guard ring.count >= 2 else { continue }
            path(&out)
        }
    }

    private mutating func polygons(_ g: TileGeometry, _ out: inout [UInt32]) {
        var keepHoles = false
        for i in 0..<g.partCount {
            let exterior = g.isExterior[i]
            if !exterior && !keepHoles { continue }
            fill(g.part(i))
            if ring.count > 1 && ring[ring.count - 1] == ring[0] { ring.removeLast() }
            let area = ring.count >= 3 ? Self.twiceSignedArea(ring) : 0
            if exterior { keepHoles = area != 0 }
            guard area != 0 else { continue }
            if (area > 0) != exterior { ring.reverse() }
            path(&out)
            out.append(Command.closePath.with(count: 1))
        }
    }

    /// MoveTo the first point of `ring`, LineTo the rest.
    private mutating func path(_ out: inout [UInt32]) {
        out.append(Command.moveTo.with(count: 1))
        move(to: ring[0], &out)
        out.append(Command.lineTo.with(count: ring.count - 1))
        for p in ring.dropFirst() { move(to: p, &out) }
    }

    /// Loads `ring` with the part's points on the grid, consecutive repeats removed.
    private mutating func fill(_ part: ArraySlice<Coordinate>) {
        ring.removeAll(keepingCapacity: true)
        for c in part {
            guard let p = Self.quantize(c) else { continue }
            if ring.last != p { ring.append(p) }
        }
    }

    /// Twice the shoelace area on the grid, exact in 64-bit integers; positive is clockwise with y down.
    static func twiceSignedArea(_ ring: [TilePoint]) -> Int64 {
        var sum: Int64 = 0
        var a = ring[ring.count - 1]
        for b in ring {
            sum &+= Int64(a.x) * Int64(b.y) - Int64(b.x) * Int64(a.y)
            a = b
        }
        return sum
    }

    private mutating func move(to p: TilePoint, _ out: inout [UInt32]) {
        out.append(ProtobufWriter.zigzag(p.x &- cursor.x))
        out.append(ProtobufWriter.zigzag(p.y &- cursor.y))
        cursor = p
    }
}
