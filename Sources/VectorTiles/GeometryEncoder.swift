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
    }

    /// Grid coordinates are clamped to ±2^24 units (4096 tiles of 4096 away, far past any buffer) so that
    /// deltas fit in 32 bits and area products in 64 bits; only unclipped garbage input reaches the clamp.
    static let limit = Double(1 << 24)

    private(set) var commands: [UInt32] = []
    private var cursor = TilePoint(0, 0)
    private var ring: [TilePoint] = []

    /// The command stream, or nil when nothing drawable is left after rounding.
    static func encode(_ geometry: TileGeometry) -> [UInt32]? {
        var e = GeometryEncoder()
        e.commands.reserveCapacity(2 * geometry.coordinates.count + 3 * geometry.partCount)
        switch geometry.kind {
        case .point: e.points(geometry)
        case .line: e.lines(geometry)
        case .polygon: e.polygons(geometry)
        }
        return e.commands.isEmpty ? nil : e.commands
    }

    static func quantize(_ c: Coordinate) -> TilePoint? {
        guard c.x.isFinite, c.y.isFinite else { return nil }
        return TilePoint(Int32(min(max(c.x.rounded(), -limit), limit)), Int32(min(max(c.y.rounded(), -limit), limit)))
    }

    private mutating func points(_ g: TileGeometry) {
        var pts: [TilePoint] = []
        pts.reserveCapacity(g.partCount)
        for c in g.coordinates { if let p = Self.quantize(c) { pts.append(p) } }
        guard !pts.isEmpty else { return }
        command(.moveTo, count: pts.count)
        for p in pts { move(to: p) }
    }

    private mutating func lines(_ g: TileGeometry) {
        for i in 0..<g.partCount {
            fill(g.part(i))
            guard ring.count >= 2 else { continue }
            command(.moveTo, count: 1)
            move(to: ring[0])
            command(.lineTo, count: ring.count - 1)
            for p in ring.dropFirst() { move(to: p) }
        }
    }

    private mutating func polygons(_ g: TileGeometry) {
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
            command(.moveTo, count: 1)
            move(to: ring[0])
            command(.lineTo, count: ring.count - 1)
            for p in ring.dropFirst() { move(to: p) }
            command(.closePath, count: 1)
        }
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

    private mutating func command(_ c: Command, count: Int) {
        commands.append(c.rawValue | UInt32(count) << 3)
    }

    private mutating func move(to p: TilePoint) {
        commands.append(ProtobufWriter.zigzag(p.x &- cursor.x))
        commands.append(ProtobufWriter.zigzag(p.y &- cursor.y))
        cursor = p
    }
}
