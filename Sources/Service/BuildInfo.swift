import Projection
import Store

/// What this riskmap is: its version and the libraries it runs on. `riskmap --version`, /health and /metrics
/// report the same figures.
public enum BuildInfo {
    /// riskmap's version: raised with each release (docs/ROADMAP.md lists what each brought).
    public static let version = "0.14.0"

    /// The Swift compiler that built it.
    public static var swift: String {
        #if compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }

    /// (name, version) of riskmap and each library, in the order `--version` prints them.
    public static var components: [(name: String, version: String)] {
        [("riskmap", version), ("swift", swift), ("sqlite", LibraryVersions.sqlite), ("spatialite", LibraryVersions.spatialite),
         ("proj", ProjVersion.string)]
    }

    /// `riskmap 0.14.0 (swift 6.2, sqlite 3.40.1, spatialite 5.0.1, proj 9.1.1)`.
    public static var line: String {
        "riskmap \(version) (" + components.dropFirst().map { "\($0.name) \($0.version)" }.joined(separator: ", ") + ")"
    }
}
