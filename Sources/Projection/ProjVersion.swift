import CProj

/// The PROJ library's version, for `riskmap --version`, /health and /metrics.
public enum ProjVersion {
    public static var string: String { String(cString: proj_info().version) }
}
