/// A position in longitude/latitude (or any x/y plane), in the order GeoJSON and WKB use.
public struct Coordinate: Hashable, Sendable {
    public var x: Double
    public var y: Double

    @inlinable public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// The OGC simple-feature kinds riskmap stores. Raw values are the WKB / SpatiaLite class codes.
public enum GeometryKind: Int32, Sendable, CaseIterable {
    case point = 1, lineString = 2, polygon = 3, multiPoint = 4, multiLineString = 5, multiPolygon = 6

    /// The name GeoJSON, WKT and SpatiaLite's geometry_columns use.
    public var name: String {
        switch self {
        case .point: "Point"
        case .lineString: "LineString"
        case .polygon: "Polygon"
        case .multiPoint: "MultiPoint"
        case .multiLineString: "MultiLineString"
        case .multiPolygon: "MultiPolygon"
        }
    }

    public init?(name: String) {
        guard let kind = GeometryKind.allCases.first(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
        self = kind
    }
}

/// A simple-feature geometry. Rings are closed (first coordinate repeated last), as in WKB and GeoJSON.
public enum Geometry: Hashable, Sendable {
    case point(Coordinate)
    case lineString([Coordinate])
    case polygon([[Coordinate]])
    case multiPoint([Coordinate])
    case multiLineString([[Coordinate]])
    case multiPolygon([[[Coordinate]]])

    public var kind: GeometryKind {
        switch self {
        case .point: .point
        case .lineString: .lineString
        case .polygon: .polygon
        case .multiPoint: .multiPoint
        case .multiLineString: .multiLineString
        case .multiPolygon: .multiPolygon
        }
    }

    /// Calls `body` with every coordinate, in storage order.
    @inlinable public func forEachCoordinate(_ body: (Coordinate) throws -> Void) rethrows {
        switch self {
        case .point(let c): try body(c)
        case .lineString(let cs), .multiPoint(let cs): for c in cs { try body(c) }
        case .polygon(let rings), .multiLineString(let rings): for r in rings { for c in r { try body(c) } }
        case .multiPolygon(let polys): for p in polys { for r in p { for c in r { try body(c) } } }
        }
    }

    /// The smallest box holding every coordinate.
    public var bbox: BBox {
        var box = BBox.empty
        forEachCoordinate { box.extend($0) }
        return box
    }
}
