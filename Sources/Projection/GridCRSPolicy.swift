import CProj
import GeoKit

/// How the metric CRS of the risk grid is chosen (PRODUCT.md, "Grid aggregation"): the zone of the data by
/// default, or a CRS from configuration.
public enum GridCRSPolicy: Hashable, Sendable {
    /// The WGS 84 / UTM zone of the data's centre.
    case utm
    /// The CGCS2000 3° Gauss-Krüger zone (EPSG:4534–4554) of the data's centre.
    case cgcs2000GaussKruger
    /// This CRS, whatever the data; it must be projected with metre axes.
    case fixed(CRS)

    /// The configuration spelling: "utm", "cgcs2000-gk", or a CRS definition such as "EPSG:4549".
    public init(parsing text: String) {
        switch text.lowercased() {
        case "utm": self = .utm
        case "cgcs2000-gk", "cgcs2000_gk", "gauss-kruger": self = .cgcs2000GaussKruger
        default: self = .fixed(CRS(text))
        }
    }

    /// The CRS for data inside `box` (lon/lat degrees). Zones are picked by the box's centre: a city spans a
    /// fraction of a zone. Scale error grows with distance from the central meridian (UTM at 31°N: under 0.1 %
    /// within 3°, about 0.4 % at 6°), so data much wider than a zone should configure a `fixed` CRS.
    public func crs(for box: BBox) throws(ProjectionError) -> CRS {
        guard !box.isEmpty, box.minX >= -180, box.maxX <= 180, box.minY >= -90, box.maxY <= 90 else {
            throw ProjectionError(kind: .noGridCRS,
                                  message: "box \(box.minX),\(box.minY),\(box.maxX),\(box.maxY) is not a lon/lat box")
        }
        switch self {
        case .utm: return try .utm(containing: box.center)
        case .cgcs2000GaussKruger: return try .cgcs2000GaussKruger3(containing: box.center)
        case .fixed(let crs): return crs
        }
    }
}

extension ProjContext {
    /// The grid CRS for `box` under `policy`, checked with PROJ to be a projected CRS with metre axes, so that a
    /// configured EPSG:4326 or a feet-based CRS is refused before cells of "100 m" are built in it.
    public func gridCRS(for box: BBox, policy: GridCRSPolicy) throws(ProjectionError) -> CRS {
        let crs = try policy.crs(for: box)
        try checkMetric(crs)
        return crs
    }

    /// Throws unless `crs` is a projected CRS whose axes are in metres.
    public func checkMetric(_ crs: CRS) throws(ProjectionError) {
        let ctx = handle.pointer
        handle.clearLog()
        guard let object = proj_create(ctx, crs.definition) else {
            let code = proj_context_errno(ctx)
            throw ProjectionError(kind: .invalidCRS, message: handle.errorText(code: code), code: code, target: crs.definition)
        }
        defer { proj_destroy(object) }
        guard proj_get_type(object) == PJ_TYPE_PROJECTED_CRS, let cs = proj_crs_get_coordinate_system(ctx, object) else {
            throw ProjectionError(kind: .noGridCRS, message: "\(crs) is not a projected CRS", target: crs.definition)
        }
        defer { proj_destroy(cs) }
        for axis in 0..<proj_cs_get_axis_count(ctx, cs) {
            var factor = 0.0
            var unit: UnsafePointer<CChar>?
            let ok = proj_cs_get_axis_info(ctx, cs, axis, nil, nil, nil, &factor, &unit, nil, nil)
            guard ok != 0, factor == 1 else {
                let name = unit.map { String(cString: $0) } ?? "an unknown unit"
                throw ProjectionError(kind: .noGridCRS, message: "\(crs) has axes in \(name), not metres", target: crs.definition)
            }
        }
    }
}
