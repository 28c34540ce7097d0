import Foundation
import GeoKit
import HTTP
import Store

/// A GeoJSON Feature from a request body, with errors that say where the body is wrong.
enum FeatureInput {
    static func parse(_ body: [UInt8]) throws -> Feature {
        guard !body.isEmpty else { throw HTTPError(.badRequest, "the request has no body; send a GeoJSON Feature") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        } catch {
            throw HTTPError(.badRequest, "the body is not JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error.localizedDescription)")
        }
        guard let json = object as? [String: Any] else { throw HTTPError(.badRequest, "the body must be a GeoJSON Feature object") }
        guard json["type"] as? String == "Feature" else { throw HTTPError(.badRequest, "the body's \"type\" must be \"Feature\"") }
        var feature = Feature(geometry: nil)
        if let g = json["geometry"], !(g is NSNull) { feature.geometry = try geometry(g) }
        if let p = json["properties"], !(p is NSNull) {
            guard let props = p as? [String: Any] else { throw HTTPError(.badRequest, "\"properties\" must be an object") }
            for (k, v) in props { feature.properties[k] = try value(v, name: k) }
        }
        return feature
    }

    static func value(_ v: Any, name: String) throws -> Value {
        switch v {
        case is NSNull: return .null
        case let s as String: return .text(s)
        case let n as NSNumber:
            switch n.kind {
            case .boolean: return .integer(n.boolValue ? 1 : 0)
            case .integer: return .integer(n.int64Value)
            case .real: return .real(n.doubleValue)
            }
        default: throw HTTPError(.badRequest, "property '\(name)' must be a string, number, boolean or null")
        }
    }

    static func geometry(_ any: Any) throws -> Geometry {
        guard let g = any as? [String: Any], let type = g["type"] as? String else {
            throw HTTPError(.badRequest, "\"geometry\" must be a GeoJSON geometry object with a \"type\"")
        }
        guard let coordinates = g["coordinates"] else { throw HTTPError(.badRequest, "the geometry has no \"coordinates\"") }
        switch type {
        case "Point": return .point(try position(coordinates))
        case "LineString": return .lineString(try positions(coordinates))
        case "Polygon": return .polygon(try rings(coordinates))
        case "MultiPoint": return .multiPoint(try positions(coordinates))
        case "MultiLineString": return .multiLineString(try rings(coordinates))
        case "MultiPolygon":
            guard let polys = coordinates as? [Any] else { throw HTTPError(.badRequest, "MultiPolygon coordinates must be an array") }
            return .multiPolygon(try polys.map(rings))
        default:
            throw HTTPError(.badRequest, "geometry type '\(type)' is not supported (Point, LineString, Polygon and their Multi forms are)")
        }
    }

    static func position(_ any: Any) throws -> Coordinate {
        guard let a = any as? [Any], a.count >= 2, let x = number(a[0]), let y = number(a[1]) else {
            throw HTTPError(.badRequest, "a position must be [longitude, latitude] with numbers")
        }
        return Coordinate(x, y)
    }

    static func positions(_ any: Any) throws -> [Coordinate] {
        guard let a = any as? [Any] else { throw HTTPError(.badRequest, "coordinates must be an array of positions") }
        return try a.map(position)
    }

    static func rings(_ any: Any) throws -> [[Coordinate]] {
        guard let a = any as? [Any] else { throw HTTPError(.badRequest, "coordinates must be an array of position arrays") }
        return try a.map(positions)
    }

    private static func number(_ v: Any) -> Double? {
        guard let n = v as? NSNumber, n.kind != .boolean else { return nil }
        return n.doubleValue
    }
}

extension NSNumber {
    enum Kind { case boolean, integer, real }

    /// What JSON literal this number was: Foundation marks booleans with type code "c" and reals with "d"/"f".
    var kind: Kind {
        switch String(cString: objCType) {
        case "c": .boolean
        case "d", "f": .real
        default: .integer
        }
    }
}
