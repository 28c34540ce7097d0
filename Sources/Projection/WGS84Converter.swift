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
