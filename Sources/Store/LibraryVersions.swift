import CSpatiaLite

/// The versions of the C libraries the store runs on, for `riskmap --version`, /health and /metrics.
public enum LibraryVersions {
    public static var sqlite: String { String(cString: sqlite3_libversion()) }
    public static var spatialite: String { String(cString: spatialite_version()) }
}
