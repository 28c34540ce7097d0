/// An axis-aligned box. `empty` has min > max so that extending it by any point gives that point's box.
public struct BBox: Hashable, Sendable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    @inlinable public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public static let empty = BBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    @inlinable public var isEmpty: Bool { minX > maxX || minY > maxY }
    @inlinable public var width: Double { maxX - minX }
    @inlinable public var height: Double { maxY - minY }
    @inlinable public var center: Coordinate { Coordinate((minX + maxX) / 2, (minY + maxY) / 2) }

    @inlinable public mutating func extend(_ c: Coordinate) {
        if c.x < minX { minX = c.x }
        if c.x > maxX { maxX = c.x }
        if c.y < minY { minY = c.y }
        if c.y > maxY { maxY = c.y }
    }

    @inlinable public mutating func extend(_ other: BBox) {
        guard !other.isEmpty else { return }
        extend(Coordinate(other.minX, other.minY))
        extend(Coordinate(other.maxX, other.maxY))
    }

    @inlinable public func contains(_ c: Coordinate) -> Bool {
        c.x >= minX && c.x <= maxX && c.y >= minY && c.y <= maxY
    }

    /// Whether `o` lies wholly inside (edges included).
    @inlinable public func contains(_ o: BBox) -> Bool {
        o.minX >= minX && o.maxX <= maxX && o.minY >= minY && o.maxY <= maxY
    }

    @inlinable public func intersects(_ o: BBox) -> Bool {
        !(o.minX > maxX || o.maxX < minX || o.minY > maxY || o.maxY < minY)
    }

    /// The box grown by `dx`, `dy` on every side.
    @inlinable public func expanded(dx: Double, dy: Double) -> BBox {
        BBox(minX: minX - dx, minY: minY - dy, maxX: maxX + dx, maxY: maxY + dy)
    }
}
