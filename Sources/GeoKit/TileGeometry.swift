/// A geometry in one tile's grid (units of the tile extent, x right, y down), stored flat: one coordinate buffer
/// split into parts. Points, lines and rings share the layout, so clipping, simplification and encoding walk
/// contiguous memory instead of nested arrays.
public struct TileGeometry: Hashable, Sendable {
    /// Raw values are the vector-tile GeomType codes.
    public enum Kind: UInt8, Sendable {
        case point = 1, line = 2, polygon = 3
    }

    // Written only through `append(part:)` and this module's clipping and simplification, so that the parts
    // always tile `coordinates` exactly.
    public private(set) var kind: Kind
    public internal(set) var coordinates: [Coordinate]
    /// The end (exclusive) of each part in `coordinates`. Each point is a part of its own; each ring is closed.
    public internal(set) var partEnds: [Int]
    /// Per part, for polygons: true for an exterior ring; the holes of a polygon follow its exterior.
    public internal(set) var isExterior: [Bool]

    public init(kind: Kind, capacity: Int = 0) {
        self.kind = kind
        coordinates = []
        coordinates.reserveCapacity(capacity)
        partEnds = []
        isExterior = []
    }

    /// Empties the geometry and makes it of `kind`, keeping its buffers: a tile's features are drawn through a
    /// few geometries reused from one feature to the next instead of allocating three arrays for each.
    public mutating func reset(kind: Kind) {
        self.kind = kind
        coordinates.removeAll(keepingCapacity: true)
        partEnds.removeAll(keepingCapacity: true)
        isExterior.removeAll(keepingCapacity: true)
    }

    /// This geometry copied into `out`'s buffers.
    func copy(into out: inout TileGeometry) {
        out.reset(kind: kind)
        out.coordinates.append(contentsOf: coordinates)
        out.partEnds.append(contentsOf: partEnds)
        out.isExterior.append(contentsOf: isExterior)
    }

    public var partCount: Int { partEnds.count }
    public var isEmpty: Bool { partEnds.isEmpty }

    public func part(_ i: Int) -> ArraySlice<Coordinate> {
        coordinates[(i == 0 ? 0 : partEnds[i - 1])..<partEnds[i]]
    }

    /// Appends a point, a line or a ring (closed, first coordinate repeated last).
    public mutating func append<C: Collection>(part: C, exterior: Bool = true) where C.Element == Coordinate {
        coordinates.append(contentsOf: part)
        partEnds.append(coordinates.count)
        isExterior.append(exterior)
    }

    /// Appends a part given in Web Mercator metres, mapped into the tile by `transform`: what tiles are drawn
    /// from. Not generic, so that a caller in another module does not walk the part through unspecialised
    /// generic code (a lazy map across modules cost a quarter of a small tile's drawing in metadata lookups).
    public mutating func append(mercator part: ArraySlice<Coordinate>, transform: TileTransform, exterior: Bool = true) {
        coordinates.reserveCapacity(coordinates.count + part.count)
        for m in part { coordinates.append(transform.tileCoordinate(mercator: m)) }
        partEnds.append(coordinates.count)
        isExterior.append(exterior)
    }

    /// The geometry mapped into a tile through `transform` (for example `TileTransform.tileCoordinate(lonLat:)`).
    public init(_ geometry: Geometry, transform: (Coordinate) -> Coordinate) {
        switch geometry {
        case .point(let c):
            self.init(kind: .point, capacity: 1)
            append(part: CollectionOfOne(transform(c)))
        case .multiPoint(let cs):
            self.init(kind: .point, capacity: cs.count)
            for c in cs { append(part: CollectionOfOne(transform(c))) }
        case .lineString(let cs):
            self.init(kind: .line, capacity: cs.count)
            append(part: cs.lazy.map(transform))
        case .multiLineString(let lines):
            self.init(kind: .line, capacity: geometry.coordinateCount)
            for l in lines { append(part: l.lazy.map(transform)) }
        case .polygon(let rings):
            self.init(kind: .polygon, capacity: geometry.coordinateCount)
            for (i, r) in rings.enumerated() { append(part: r.lazy.map(transform), exterior: i == 0) }
        case .multiPolygon(let polygons):
            self.init(kind: .polygon, capacity: geometry.coordinateCount)
            for p in polygons {
                for (i, r) in p.enumerated() { append(part: r.lazy.map(transform), exterior: i == 0) }
            }
        }
    }

    /// The smallest box holding every coordinate.
    public var bbox: BBox {
        var box = BBox.empty
        for c in coordinates { box.extend(c) }
        return box
    }
}

extension TileTransform {
    /// A longitude/latitude geometry made ready for encoding: mapped into the tile, clipped to the tile grown by
    /// `buffer` units, simplified with `tolerance` units (0 keeps every vertex). Nil when nothing is left.
    public func tileGeometry(_ geometry: Geometry, buffer: Int = 64, tolerance: Double = 0) -> TileGeometry? {
        var g = TileGeometry(geometry, transform: tileCoordinate(lonLat:)).clipped(to: clipBox(buffer: buffer))
        if tolerance > 0 { g = g.simplified(tolerance: tolerance) }
        return g.isEmpty ? nil : g
    }
}
