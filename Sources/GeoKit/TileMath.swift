import Foundation

/// Web Mercator (EPSG:3857) on the WGS 84 semi-major axis: the projection of every web map tile grid.
public enum WebMercator {
    public static let radius = 6_378_137.0
    /// Half the projected world's width in metres: x of longitude 180°, and y of `maxLatitude`.
    public static let halfWorld = Double.pi * radius
    /// The latitude where the projected world becomes a square; Web Mercator cannot reach the poles.
    public static let maxLatitude = 85.051_128_779_806_59

    /// Longitude/latitude in degrees to metres. Latitudes beyond ±`maxLatitude` are clamped to it.
    @inlinable public static func project(_ lonLat: Coordinate) -> Coordinate {
        let lat = min(max(lonLat.y, -maxLatitude), maxLatitude)
        return Coordinate(lonLat.x * .pi / 180 * radius, log(tan(.pi / 4 + lat * .pi / 360)) * radius)
    }

    /// Metres to longitude/latitude in degrees.
    @inlinable public static func unproject(_ metres: Coordinate) -> Coordinate {
        Coordinate(metres.x / radius * 180 / .pi, (2 * atan(exp(metres.y / radius)) - .pi / 2) * 180 / .pi)
    }
}

/// Why a tile address or tile request was refused.
public struct TileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { "invalid tile: \(reason)" }
}

/// A tile in the XYZ scheme (origin top-left, y growing south), as in /tiles/{z}/{x}/{y}.
public struct TileID: Hashable, Sendable, CustomStringConvertible {
    public static let maxZoom = 24

    public let z: Int
    public let x: Int
    public let y: Int

    public init(z: Int, x: Int, y: Int) throws(TileError) {
        guard (0...Self.maxZoom).contains(z) else { throw TileError(reason: "zoom \(z) is outside 0…\(Self.maxZoom)") }
        let n = 1 << z
        guard (0..<n).contains(x), (0..<n).contains(y) else {
            throw TileError(reason: "x \(x), y \(y) must be in 0…\(n - 1) at zoom \(z)")
        }
        self.init(validZ: z, x: x, y: y)
    }

    /// For callers that derived the numbers from a valid zoom and clamped them.
    init(validZ z: Int, x: Int, y: Int) {
        self.z = z
        self.x = x
        self.y = y
    }

    public var description: String { "\(z)/\(x)/\(y)" }

    /// The tile's edge length in Web Mercator metres.
    public var mercatorSize: Double { 2 * WebMercator.halfWorld / Double(1 << z) }

    /// The tile's box in Web Mercator metres.
    public var mercatorBBox: BBox {
        let size = mercatorSize
        let h = WebMercator.halfWorld
        // Each edge from its own index so neighbouring tiles share edges bit for bit.
        return BBox(minX: -h + Double(x) * size, minY: h - Double(y + 1) * size,
                    maxX: -h + Double(x + 1) * size, maxY: h - Double(y) * size)
    }

    /// The tile's box in longitude/latitude degrees.
    public var bbox: BBox {
        let m = mercatorBBox
        let sw = WebMercator.unproject(Coordinate(m.minX, m.minY))
        let ne = WebMercator.unproject(Coordinate(m.maxX, m.maxY))
        return BBox(minX: sw.x, minY: sw.y, maxX: ne.x, maxY: ne.y)
    }

    /// The tile at `zoom` holding a longitude/latitude; points on an edge belong to the tile east/south of it.
    public static func containing(_ lonLat: Coordinate, zoom: Int) throws(TileError) -> TileID {
        guard (0...maxZoom).contains(zoom) else { throw TileError(reason: "zoom \(zoom) is outside 0…\(maxZoom)") }
        guard lonLat.x.isFinite, lonLat.y.isFinite else { throw TileError(reason: "coordinate is not finite") }
        let n = 1 << zoom
        let w = WorldPosition(lonLat)
        return TileID(validZ: zoom, x: clampIndex(w.x * Double(n), n), y: clampIndex(w.y * Double(n), n))
    }

    /// The tiles at `zoom` whose area, grown by `buffer` tile units of `extent`, meets a longitude/latitude box.
    /// The buffer matters for cache invalidation: a feature just outside a tile still draws in its buffer.
    public static func covering(_ lonLat: BBox, zoom: Int, buffer: Int = 0, extent: Int = 4096) throws(TileError) -> TileRange {
        guard (0...maxZoom).contains(zoom) else { throw TileError(reason: "zoom \(zoom) is outside 0…\(maxZoom)") }
        guard !lonLat.isEmpty else { return TileRange(z: zoom, x: 0..<0, y: 0..<0) }
        guard lonLat.minX.isFinite, lonLat.minY.isFinite, lonLat.maxX.isFinite, lonLat.maxY.isFinite else {
            throw TileError(reason: "bbox is not finite")
        }
        let n = 1 << zoom
        let grow = Double(buffer) / Double(extent)
        let nw = WorldPosition(Coordinate(lonLat.minX, lonLat.maxY))
        let se = WorldPosition(Coordinate(lonLat.maxX, lonLat.minY))
        let x0 = clampIndex(nw.x * Double(n) - grow, n), x1 = clampIndex(se.x * Double(n) + grow, n)
        let y0 = clampIndex(nw.y * Double(n) - grow, n), y1 = clampIndex(se.y * Double(n) + grow, n)
        return TileRange(z: zoom, x: x0..<(x1 + 1), y: y0..<(y1 + 1))
    }

    private static func clampIndex(_ v: Double, _ n: Int) -> Int {
        v < 0 ? 0 : (v >= Double(n) ? n - 1 : Int(v))
    }
}

/// A rectangle of tiles at one zoom, iterated row by row.
public struct TileRange: Hashable, Sendable, Sequence {
    public let z: Int
    public let x: Range<Int>
    public let y: Range<Int>

    public var count: Int { x.count * y.count }
    public var isEmpty: Bool { x.isEmpty || y.isEmpty }

    public func contains(_ tile: TileID) -> Bool { tile.z == z && x.contains(tile.x) && y.contains(tile.y) }

    public struct Iterator: IteratorProtocol {
        let range: TileRange
        var nextX: Int
        var nextY: Int

        public mutating func next() -> TileID? {
            guard !range.isEmpty, nextY < range.y.upperBound else { return nil }
            let tile = TileID(validZ: range.z, x: nextX, y: nextY)
            nextX += 1
            if nextX == range.x.upperBound {
                nextX = range.x.lowerBound
                nextY += 1
            }
            return tile
        }
    }

    public func makeIterator() -> Iterator { Iterator(range: self, nextX: x.lowerBound, nextY: y.lowerBound) }
}

/// A position on the whole Web Mercator world as fractions 0…1, x east and y south; latitudes are clamped.
struct WorldPosition {
    let x: Double
    let y: Double

    init(_ lonLat: Coordinate) {
        let m = WebMercator.project(lonLat)
        x = (m.x + WebMercator.halfWorld) / (2 * WebMercator.halfWorld)
        y = (WebMercator.halfWorld - m.y) / (2 * WebMercator.halfWorld)
    }
}

/// An integer position in a tile's grid, as a vector tile stores it.
public struct TilePoint: Hashable, Sendable {
    public var x: Int32
    public var y: Int32

    @inlinable public init(_ x: Int32, _ y: Int32) {
        self.x = x
        self.y = y
    }
}

/// Maps positions into one tile's grid of `extent` × `extent` units, x right and y down, (0, 0) the top-left corner.
/// Grid positions are kept as doubles until the encoder rounds them, so clipping and simplification do not
/// accumulate rounding.
public struct TileTransform: Sendable {
    public let tile: TileID
    public let extent: Int
    @usableFromInline let originX: Double
    @usableFromInline let originY: Double
    @usableFromInline let scale: Double

    public init(tile: TileID, extent: Int = 4096) {
        let box = tile.mercatorBBox
        self.tile = tile
        self.extent = extent
        originX = box.minX
        originY = box.maxY
        scale = Double(extent) / tile.mercatorSize
    }

    @inlinable public func tileCoordinate(mercator m: Coordinate) -> Coordinate {
        Coordinate((m.x - originX) * scale, (originY - m.y) * scale)
    }

    @inlinable public func tileCoordinate(lonLat: Coordinate) -> Coordinate {
        tileCoordinate(mercator: WebMercator.project(lonLat))
    }

    @inlinable public func lonLat(tileCoordinate t: Coordinate) -> Coordinate {
        WebMercator.unproject(Coordinate(originX + t.x / scale, originY - t.y / scale))
    }

    /// The box geometry is clipped to: the tile grown by `buffer` units on every side, so that lines and
    /// polygons continue past the edge and strokes do not show seams between tiles.
    public func clipBox(buffer: Int) -> BBox {
        BBox(minX: Double(-buffer), minY: Double(-buffer), maxX: Double(extent + buffer), maxY: Double(extent + buffer))
    }

    /// The grid position of a longitude/latitude rounded to whole units, or nil when it lies outside the tile
    /// grown by `buffer` units (such a point belongs to a neighbouring tile).
    public func tilePoint(lonLat: Coordinate, buffer: Int = 0) -> TilePoint? {
        let t = tileCoordinate(lonLat: lonLat)
        let x = t.x.rounded(), y = t.y.rounded()
        let lo = Double(-buffer), hi = Double(extent + buffer)
        guard x >= lo, x <= hi, y >= lo, y <= hi else { return nil }
        return TilePoint(Int32(x), Int32(y))
    }
}
