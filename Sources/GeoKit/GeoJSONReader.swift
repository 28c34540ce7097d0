/// GeoJSON (RFC 7946) decoding of geometries and features into GeoKit values. Errors name what is wrong in
/// words a data maintainer can act on ("Polygon ring 0 is not closed", "coordinates must be numbers").
public enum GeoJSON {
    public struct DecodeError: Error, CustomStringConvertible, Sendable, Equatable {
        public let reason: String

        public init(_ reason: String) { self.reason = reason }

        public var description: String { reason }
    }

    /// A decoded feature: its id as given, its geometry (nil for `"geometry": null`) and its properties.
    public struct Feature: Sendable, Equatable {
        public var id: JSONValue?
        public var geometry: Geometry?
        public var properties: [String: JSONValue]

        public init(id: JSONValue? = nil, geometry: Geometry?, properties: [String: JSONValue]) {
            self.id = id
            self.geometry = geometry
            self.properties = properties
        }
    }

    /// Parses and decodes one Feature (an HTTP request body, say).
    public static func feature(bytes: [UInt8]) throws -> Feature {
        try feature(JSONParser.parse(bytes))
    }

    /// Parses and decodes one Geometry.
    public static func geometry(bytes: [UInt8]) throws -> Geometry {
        try geometry(JSONParser.parse(bytes))
    }

    public static func feature(_ v: JSONValue) throws(DecodeError) -> Feature {
        guard let members = v.objectValue else { throw DecodeError("a Feature must be an object, not \(v.kindName)") }
        guard members["type"]?.stringValue == "Feature" else {
            throw DecodeError("type must be \"Feature\", not \(describe(members["type"]))")
        }
        let geometry: Geometry?
        switch members["geometry"] {
        case nil: throw DecodeError("a Feature needs a geometry member (null when it has none)")
        case .null?: geometry = nil
        case let g?: geometry = try self.geometry(g)
        }
        var properties: [String: JSONValue] = [:]
        switch members["properties"] {
        case nil, .null?: break
        case .object(let p)?: properties = p
        case let p?: throw DecodeError("properties must be an object or null, not \(p.kindName)")
        }
        var id = members["id"]
        if let given = id {
            switch given {
            case .string, .integer, .number: break
            case .null: id = nil
            default: throw DecodeError("id must be a string or a number, not \(given.kindName)")
            }
        }
        return Feature(id: id, geometry: geometry, properties: properties)
    }

    public static func geometry(_ v: JSONValue) throws(DecodeError) -> Geometry {
        guard let members = v.objectValue else { throw DecodeError("a geometry must be an object, not \(v.kindName)") }
        guard let typeName = members["type"]?.stringValue else { throw DecodeError("a geometry needs a type") }
        if typeName == "GeometryCollection" { throw DecodeError("GeometryCollection is not supported; use a Multi* geometry") }
        guard let kind = GeometryKind.allCases.first(where: { $0.name == typeName }) else {
            throw DecodeError("unknown geometry type \"\(typeName)\"")
        }
        guard let c = members["coordinates"] else { throw DecodeError("\(typeName) needs coordinates") }
        switch kind {
        case .point: return .point(try position(c))
        case .multiPoint: return .multiPoint(try positions(c, kind))
        case .lineString: return .lineString(try line(c, kind))
        case .multiLineString: return .multiLineString(try list(c, kind).map { v throws(DecodeError) in try line(v, kind) })
        case .polygon: return .polygon(try polygon(c, kind))
        case .multiPolygon: return .multiPolygon(try list(c, kind).map { v throws(DecodeError) in try polygon(v, kind) })
        }
    }

    private static func describe(_ v: JSONValue?) -> String {
        switch v {
        case nil: "missing"
        case .string(let s)?: "\"\(s)\""
        case let v?: v.kindName
        }
    }

    private static func list(_ v: JSONValue, _ kind: GeometryKind) throws(DecodeError) -> [JSONValue] {
        guard let a = v.arrayValue else { throw DecodeError("\(kind.name) coordinates must be an array, not \(v.kindName)") }
        return a
    }

    /// A position: two or more numbers (an altitude and beyond are dropped: riskmap stores X and Y).
    private static func position(_ v: JSONValue) throws(DecodeError) -> Coordinate {
        guard let a = v.arrayValue, a.count >= 2 else {
            throw DecodeError("a position must be an array of at least two numbers")
        }
        guard let x = a[0].doubleValue, let y = a[1].doubleValue else { throw DecodeError("coordinates must be numbers") }
        return Coordinate(x, y)
    }

    private static func positions(_ v: JSONValue, _ kind: GeometryKind) throws(DecodeError) -> [Coordinate] {
        var out: [Coordinate] = []
        let items = try list(v, kind)
        out.reserveCapacity(items.count)
        for item in items { out.append(try position(item)) }
        return out
    }

    private static func line(_ v: JSONValue, _ kind: GeometryKind) throws(DecodeError) -> [Coordinate] {
        let cs = try positions(v, kind)
        guard cs.count >= 2 else { throw DecodeError("\(kind.name) needs at least 2 positions, has \(cs.count)") }
        return cs
    }

    private static func polygon(_ v: JSONValue, _ kind: GeometryKind) throws(DecodeError) -> [[Coordinate]] {
        let ringValues = try list(v, kind)
        guard !ringValues.isEmpty else { throw DecodeError("\(kind.name) has no rings") }
        var rings: [[Coordinate]] = []
        for (i, r) in ringValues.enumerated() {
            let ring = try positions(r, kind)
            guard ring.count >= 4 else { throw DecodeError("\(kind.name) ring \(i) needs at least 4 positions, has \(ring.count)") }
            guard ring.first == ring.last else { throw DecodeError("\(kind.name) ring \(i) is not closed") }
            rings.append(ring)
        }
        return rings
    }
}
