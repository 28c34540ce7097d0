import GeoKit

/// A coordinate system riskmap accepts on import (PRODUCT.md, "Coordinates in"): any CRS PROJ knows, or GCJ-02,
/// which PROJ does not.
public enum InputCoordinateSystem: Hashable, Sendable {
    case crs(CRS)
    case gcj02

    /// The configuration or request spelling: "GCJ-02" (or "gcj02"), else a CRS definition such as "EPSG:4490".
    public init(parsing text: String) {
        switch text.lowercased() {
        case "gcj-02", "gcj02", "gcj_02": self = .gcj02
        default: self = .crs(CRS(text))
        }
    }

    /// A system a remote client names (POST /imports `crs=`): GCJ-02 or an EPSG code only, as `EPSG:4549`,
    /// `urn:ogc:def:crs:EPSG::4549`, `http://www.opengis.net/def/crs/EPSG/0/4549` or OGC's CRS84. Never a PROJ
    /// string, WKT or JSON: PROJ would open files a `+init=` or a grid name points at.
    public init(requestValue text: String) throws(ProjectionError) {
        let lower = text.lowercased()
        if ["gcj-02", "gcj02", "gcj_02"].contains(lower) {
            self = .gcj02
            return
        }
        if lower == "crs84" || lower == "ogc:crs84" || lower == "http://www.opengis.net/def/crs/ogc/1.3/crs84" {
            self = .crs(.wgs84)
            return
        }
        for prefix in ["epsg:", "urn:ogc:def:crs:epsg::", "http://www.opengis.net/def/crs/epsg/0/"] where lower.hasPrefix(prefix) {
            let code = lower.dropFirst(prefix.count)
            if !code.isEmpty, code.count <= 6, code.allSatisfy(\.isNumber), let n = Int(code) {
                self = .crs(.epsg(n))
                return
            }
        }
        throw ProjectionError(kind: .invalidCRS, message: "'\(text.prefix(100))' is not a CRS this server accepts from a request: give GCJ-02 or an EPSG code such as EPSG:4549")
    }
}

/// Brings coordinates from an input system to WGS 84 longitude/latitude, the storage CRS.
///
/// Not Sendable when it holds a PROJ transformer; build one per thread from that thread's `ProjContext`.
public struct WGS84Converter {
    private enum Step {
        case identity
        case gcj02
        case proj(Transformer)
    }

    public let system: InputCoordinateSystem
    private let step: Step

    public init(from system: InputCoordinateSystem, context: ProjContext) throws(ProjectionError) {
        self.system = system
        switch system {
        case .gcj02: step = .gcj02
        case .crs(let crs) where crs == .wgs84: step = .identity
        case .crs(let crs): step = .proj(try context.transformer(from: crs, to: .wgs84))
        }
    }

    /// Every point, in place.
    public func convert(_ points: inout [Coordinate]) throws(ProjectionError) {
        switch step {
        case .identity: return
        case .gcj02: GCJ02.toWGS84(&points)
        case .proj(let transformer): try transformer.transform(&points)
        }
    }

    /// One point.
    public func convert(_ point: Coordinate) throws(ProjectionError) -> Coordinate {
        switch step {
        case .identity: point
        case .gcj02: GCJ02.toWGS84(point)
        case .proj(let transformer): try transformer.transform(point)
        }
    }
}
