import Analysis
import GeoKit
import HTTP
import RiskModel
import Store

/// The bounds every analysis request is held to (docs/API.md "Analysis"), so that none costs unbounded work:
/// the search radius, the vertices and extent of a polygon, the hits answered.
enum AnalysisLimits {
    static let maxRadiusM = 50_000.0
    static let maxVertices = 1_000
    /// A polygon's box may span at most this many degrees either way (about 50 km).
    static let maxPolygonSpanDegrees = 0.5
    static let defaultLimit = 100
    static let maxLimit = 1_000
}

/// Reading analysis parameters: each fault is a 400 naming the parameter and the bound.
enum AnalysisInput {
    static func radius(_ text: String?, default value: Double, unit: Double = 1, name: String = "radius") throws -> Double {
        guard let text else { return value }
        guard let v = Double(text), v.isFinite, v >= 0 else { throw HTTPError(.badRequest, "\(name) must be a number of \(unit == 1 ? "metres" : "kilometres") ≥ 0") }
        let metres = v * unit
        guard metres <= AnalysisLimits.maxRadiusM else {
            throw HTTPError(.badRequest, "\(name) \(text) is over the limit of \(Int(AnalysisLimits.maxRadiusM)) m (\(Int(AnalysisLimits.maxRadiusM / 1000)) km)")
        }
        return metres
    }

    static func limit(_ text: String?) throws -> Int {
        guard let text else { return AnalysisLimits.defaultLimit }
        guard let v = Int(text), (1...AnalysisLimits.maxLimit).contains(v) else {
            throw HTTPError(.badRequest, "limit must be a whole number from 1 to \(AnalysisLimits.maxLimit) (the limit on hits answered)")
        }
        return v
    }

    static func layers(_ text: String?) throws -> [HazardLayer] {
        guard let text else { return HazardLayer.hazards }
        var out: [HazardLayer] = []
        for name in text.split(separator: ",") {
            guard let l = HazardLayer(rawValue: String(name)) else {
                throw HTTPError(.badRequest, "layers: '\(name)' is not searched; use \(HazardLayer.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !out.contains(l) { out.append(l) }
        }
        guard !out.isEmpty else { throw HTTPError(.badRequest, "layers must name at least one layer") }
        return out
    }

    static func levels(_ text: String?) throws -> Set<RiskLevel>? {
        guard let text else { return nil }
        var out: Set<RiskLevel> = []
        for name in text.split(separator: ",") {
            guard let l = RiskLevel(rawValue: String(name)) else {
                throw HTTPError(.badRequest, "levels: '\(name)' is not a level; use \(RiskLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            out.insert(l)
        }
        return out
    }

    /// `at=` (or EDR's `datetime=`, an instant only) in stored timestamp form; now when absent.
    static func instant(_ text: String?, name: String = "at") throws -> String {
        if let text, text.contains("/") { throw HTTPError(.badRequest, "\(name) must be one instant (RFC 3339), not an interval") }
        do { return Timestamp.format(epochSeconds: try Timestamp.instant(text)) } catch { throw HTTPError(.badRequest, "\(name): \(error)") }
    }

    static func point(lon: String?, lat: String?) throws -> Geometry {
        guard let lon = lon.flatMap(Double.init), let lat = lat.flatMap(Double.init), (-180...180).contains(lon), (-90...90).contains(lat) else {
            throw HTTPError(.badRequest, "lon and lat are needed, in degrees (EPSG:4326)")
        }
        return .point(Coordinate(lon, lat))
    }

    /// A probe geometry checked against the limits: a point, or a polygon or multipolygon of at most
    /// `maxVertices` positions spanning at most `maxPolygonSpanDegrees`.
    static func probe(_ g: Geometry, name: String) throws -> Shape {
        switch g {
        case .point, .polygon, .multiPolygon: break
        default: throw HTTPError(.badRequest, "\(name) must be a Point, Polygon or MultiPolygon, not a \(g.kind.name)")
        }
        let shape = Shape(g)
        guard shape.vertexCount <= AnalysisLimits.maxVertices else {
            throw HTTPError(.badRequest, "\(name) has \(shape.vertexCount) vertices, over the limit of \(AnalysisLimits.maxVertices)")
        }
        var bad = false
        g.forEachCoordinate { c in if !(c.x.isFinite && c.y.isFinite && abs(c.x) <= 180 && abs(c.y) <= 90) { bad = true } }
        if bad { throw HTTPError(.badRequest, "\(name) has a position outside longitude −180…180, latitude −90…90") }
        let b = shape.bbox
        guard b.maxX - b.minX <= AnalysisLimits.maxPolygonSpanDegrees, b.maxY - b.minY <= AnalysisLimits.maxPolygonSpanDegrees else {
            throw HTTPError(.badRequest, "\(name) spans more than the limit of \(AnalysisLimits.maxPolygonSpanDegrees)° (about 50 km) either way")
        }
        return shape
    }

    /// A GeoJSON geometry or Feature from a request body.
    static func geometry(body: [UInt8]) throws -> Geometry {
        let value: JSONValue
        do { value = try JSONParser.parse(body) } catch { throw HTTPError(.badRequest, "the body is not JSON: \(error)") }
        return try geometry(value, name: "the body")
    }

    static func geometry(_ value: JSONValue, name: String) throws -> Geometry {
        do {
            if value["type"]?.stringValue == "Feature" {
                guard let g = try GeoJSON.feature(value).geometry else { throw HTTPError(.badRequest, "\(name) is a Feature without a geometry") }
                return g
            }
            return try GeoJSON.geometry(value)
        } catch let e as GeoJSON.DecodeError {
            throw HTTPError(.badRequest, "\(name) is not a GeoJSON geometry or Feature: \(e)")
        }
    }

    /// EDR's `coords=` (WKT).
    static func coords(_ text: String?) throws -> Geometry {
        guard let text else { throw HTTPError(.badRequest, "coords is needed: WKT, e.g. POINT(120.6 31.3)") }
        do { return try WKT.decode(text) } catch { throw HTTPError(.badRequest, "coords: \(error)") }
    }
}

extension AnalysisInputError: HTTPErrorConvertible {
    public var httpError: HTTPError { HTTPError(.badRequest, description) }
}
