import Foundation
import GeoKit
import Projection

/// Every number of the risk model, as data (PRODUCT.md, "Risk model" and "Grid aggregation"). Read from a JSON
/// file (docs/RISK-MODEL.md, docs/risk-model.sample.json); a key left out of the file keeps its default, so a
/// bureau's file names only what it changes.
public struct RiskModelConfig: Codable, Sendable, Equatable {
    /// Weight of one risk in the hazard index H, by level (default low → major 1 / 3 / 9 / 27).
    public var levelWeights: PerLevel<Double>
    /// Impact radius of a risk that states none, by level (default 50 / 200 / 500 / 1000 m).
    public var defaultImpactRadiusM: PerLevel<Double>
    /// How a risk's weight falls from the source to its impact radius.
    public var kernel: Kernel
    /// Exposure factor of a crowded site by protected-target class (E = Σ capacity × factor).
    public var protectionClassFactors: [String: Double]
    /// Factor of a site with no protected-target class.
    public var unclassifiedSiteFactor: Double
    /// Report statuses that put a report on the grid (inside its time window).
    public var countedReportStatuses: [String]
    public var combined: CombinedIndex
    /// How cells get their colour class: fixed thresholds or breaks from the city's own distribution.
    public var classes: GridClasses
    public var grid: GridSettings
    public var colourRules: ColourRules
    public var hazardGrading: HazardGrading
    /// c in the gas-pipeline potential impact radius r = c·d·√p (ASME B31.8S / GB 32167-2015: 0.099).
    public var pipelineImpactCoefficient: Double

    public static let standard = RiskModelConfig(
        levelWeights: PerLevel(major: 27, significant: 9, general: 3, low: 1),
        defaultImpactRadiusM: PerLevel(major: 1_000, significant: 500, general: 200, low: 50),
        kernel: .linear,
        protectionClassFactors: ["high_sensitivity": 3, "important": 2, "general_1": 1.5, "general_2": 1, "general_3": 0.5],
        unclassifiedSiteFactor: 1,
        countedReportStatuses: ["submitted", "active"],
        combined: CombinedIndex(exposureScale: 1_000, thresholds: PerColour(red: 27, orange: 9, yellow: 3, blue: 0)),
        classes: .standard,
        grid: GridSettings(crs: "utm", cellSizeM: 100, levels: 8),
        colourRules: .standard,
        hazardGrading: .standard,
        pipelineImpactCoefficient: 0.099)

    public init(levelWeights: PerLevel<Double>, defaultImpactRadiusM: PerLevel<Double>, kernel: Kernel,
                protectionClassFactors: [String: Double], unclassifiedSiteFactor: Double, countedReportStatuses: [String],
                combined: CombinedIndex, classes: GridClasses = .standard, grid: GridSettings, colourRules: ColourRules, hazardGrading: HazardGrading,
                pipelineImpactCoefficient: Double) {
        self.levelWeights = levelWeights
        self.defaultImpactRadiusM = defaultImpactRadiusM
        self.kernel = kernel
        self.protectionClassFactors = protectionClassFactors
        self.unclassifiedSiteFactor = unclassifiedSiteFactor
        self.countedReportStatuses = countedReportStatuses
        self.combined = combined
        self.classes = classes
        self.grid = grid
        self.colourRules = colourRules
        self.hazardGrading = hazardGrading
        self.pipelineImpactCoefficient = pipelineImpactCoefficient
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self.standard
        levelWeights = try c.decodeIfPresent(PerLevel<Double>.self, forKey: .levelWeights) ?? d.levelWeights
        defaultImpactRadiusM = try c.decodeIfPresent(PerLevel<Double>.self, forKey: .defaultImpactRadiusM) ?? d.defaultImpactRadiusM
        kernel = try c.decodeIfPresent(Kernel.self, forKey: .kernel) ?? d.kernel
        protectionClassFactors = try c.decodeIfPresent([String: Double].self, forKey: .protectionClassFactors) ?? d.protectionClassFactors
        unclassifiedSiteFactor = try c.decodeIfPresent(Double.self, forKey: .unclassifiedSiteFactor) ?? d.unclassifiedSiteFactor
        countedReportStatuses = try c.decodeIfPresent([String].self, forKey: .countedReportStatuses) ?? d.countedReportStatuses
        combined = try c.decodeIfPresent(CombinedIndex.self, forKey: .combined) ?? d.combined
        classes = try c.decodeIfPresent(GridClasses.self, forKey: .classes) ?? d.classes
        grid = try c.decodeIfPresent(GridSettings.self, forKey: .grid) ?? d.grid
        colourRules = try c.decodeIfPresent(ColourRules.self, forKey: .colourRules) ?? d.colourRules
        hazardGrading = try c.decodeIfPresent(HazardGrading.self, forKey: .hazardGrading) ?? d.hazardGrading
        pipelineImpactCoefficient = try c.decodeIfPresent(Double.self, forKey: .pipelineImpactCoefficient) ?? d.pipelineImpactCoefficient
    }

    /// The configuration in a JSON file, checked.
    public static func load(path: String) throws(ConfigError) -> RiskModelConfig {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigError(source: path, problems: ["cannot read the file: \(error.localizedDescription)"])
        }
        return try decode(data, source: path)
    }

    /// The configuration in JSON bytes (`source` names them in errors), checked.
    public static func decode(_ data: Data, source: String) throws(ConfigError) -> RiskModelConfig {
        let config: RiskModelConfig
        do { config = try JSONDecoder().decode(RiskModelConfig.self, from: data) } catch {
            throw ConfigError(source: source, problems: [Self.describe(error)])
        }
        let problems = config.problems
        guard problems.isEmpty else { throw ConfigError(source: source, problems: problems) }
        return config
    }

    /// Canonical JSON (sorted keys): the grid stores it, and equal text means an equal model.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain numbers, strings and dictionaries cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// Everything wrong with the numbers, all at once.
    public var problems: [String] {
        var p: [String] = []
        for level in RiskLevel.allCases {
            if !(levelWeights[level] >= 0) { p.append("levelWeights.\(level.rawValue) must be ≥ 0") }
            if !(defaultImpactRadiusM[level] > 0 && defaultImpactRadiusM[level] <= 100_000) {
                p.append("defaultImpactRadiusM.\(level.rawValue) must be in (0, 100000] m")
            }
        }
        for (name, f) in protectionClassFactors where !(f >= 0) { p.append("protectionClassFactors.\(name) must be ≥ 0") }
        if !(unclassifiedSiteFactor >= 0) { p.append("unclassifiedSiteFactor must be ≥ 0") }
        if !(combined.exposureScale > 0) { p.append("combined.exposureScale must be > 0") }
        let t = combined.thresholds
        if !(t.red >= t.orange && t.orange >= t.yellow && t.yellow >= t.blue && t.blue >= 0) {
            p.append("combined.thresholds must satisfy red ≥ orange ≥ yellow ≥ blue ≥ 0")
        }
        p += classes.problems
        if !(grid.cellSizeM >= 1 && grid.cellSizeM <= 10_000) { p.append("grid.cellSizeM must be in [1, 10000] m") }
        if !(1...16).contains(grid.levels) { p.append("grid.levels must be 1…16") }
        if let e = grid.extent, !(e.count == 4 && e[0] >= -180 && e[2] <= 180 && e[1] >= -90 && e[3] <= 90 && e[0] < e[2] && e[1] < e[3]) {
            p.append("grid.extent must be [west, south, east, north] in degrees, west < east and south < north")
        }
        if !(pipelineImpactCoefficient > 0) { p.append("pipelineImpactCoefficient must be > 0") }
        p += hazardGrading.problems
        return p
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            let path = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return (path.isEmpty ? "" : "\(path): ") + c.debugDescription
        default:
            return "\(error)"
        }
    }
}

/// A configuration file that could not be used, with every problem found.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public let source: String
    public let problems: [String]

    public var description: String { "risk-model configuration \(source): " + problems.joined(separator: "; ") }
}

/// One value per risk level.
public struct PerLevel<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var major: Value
    public var significant: Value
    public var general: Value
    public var low: Value

    public init(major: Value, significant: Value, general: Value, low: Value) {
        self.major = major
        self.significant = significant
        self.general = general
        self.low = low
    }

    public subscript(_ level: RiskLevel) -> Value {
        switch level {
        case .major: major
        case .significant: significant
        case .general: general
        case .low: low
        }
    }
}

/// One value per colour class.
public struct PerColour<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var red: Value
    public var orange: Value
    public var yellow: Value
    public var blue: Value

    public init(red: Value, orange: Value, yellow: Value, blue: Value) {
        self.red = red
        self.orange = orange
        self.yellow = yellow
        self.blue = blue
    }

    public subscript(_ colour: RiskColour) -> Value {
        switch colour {
        case .red: red
        case .orange: orange
        case .yellow: yellow
        case .blue: blue
        }
    }
}

/// How a risk's weight falls with u = d / r, from 1 at the source (u = 0) to 0 at its impact radius (u = 1).
public enum Kernel: String, Codable, Sendable, CaseIterable {
    /// 1 everywhere inside the circle: H counts weighted risks in reach.
    case flat
    /// 1 − u.
    case linear
    /// (1 − u)²: most of the weight close to the source.
    case quadratic

    /// The kernel at u ≥ 0; 0 from u = 1 on.
    @inlinable public func value(_ u: Double) -> Double {
        guard u < 1 else { return 0 }
        switch self {
        case .flat: return 1
        case .linear: return 1 - u
        case .quadratic: return (1 - u) * (1 - u)
        }
    }
}

/// The combined index C = H × (1 + E / exposureScale) and its colour classes: hazard makes a cell hot, people
/// in it make it hotter, and a cell without hazard stays cold however crowded.
public struct CombinedIndex: Codable, Sendable, Equatable {
    public var exposureScale: Double
    /// The lowest C of each class; a cell with C ≤ 0 has no class.
    public var thresholds: PerColour<Double>

    public init(exposureScale: Double, thresholds: PerColour<Double>) {
        self.exposureScale = exposureScale
        self.thresholds = thresholds
    }

    public func value(hazard: Double, exposure: Double) -> Double { hazard * (1 + exposure / exposureScale) }

    /// The class of index `c` under the configured thresholds (absolute mode).
    public func colour(_ c: Double) -> RiskColour? { Self.colour(c, breaks: thresholds) }

    /// The class of index `c` under `breaks`, the lowest index of each class.
    public static func colour(_ c: Double, breaks: PerColour<Double>) -> RiskColour? {
        guard c > 0 else { return nil }
        if c >= breaks.red { return .red }
        if c >= breaks.orange { return .orange }
        if c >= breaks.yellow { return .yellow }
        return c >= breaks.blue ? .blue : nil
    }
}

/// Where and how big the grid cells are.
public struct GridSettings: Codable, Sendable, Equatable {
    /// "utm" (the WGS 84 / UTM zone of the data), "cgcs2000-gk" (its CGCS2000 3° Gauss-Krüger zone) or a CRS
    /// such as "EPSG:4549" (GridCRSPolicy).
    public var crs: String
    /// Side of a base cell in metres of the grid CRS.
    public var cellSizeM: Double
    /// Number of pyramid levels, the base included; level L cells have side cellSizeM · 2^L.
    public var levels: Int
    /// The city's extent, [west, south, east, north] in degrees: once the grid is built, a feature of any layer
    /// reaching outside it is refused. Without it, each rebuild takes the data's extent grown by
    /// `GridBuilder.extentMarginDegrees` on every side.
    public var extent: [Double]?

    public init(crs: String, cellSizeM: Double, levels: Int, extent: [Double]? = nil) {
        self.crs = crs
        self.cellSizeM = cellSizeM
        self.levels = levels
        self.extent = extent
    }

    /// `extent` as a box, when it is configured.
    public var extentBox: BBox? {
        guard let e = extent, e.count == 4 else { return nil }
        return BBox(minX: e[0], minY: e[1], maxX: e[2], maxY: e[3])
    }

    public var policy: GridCRSPolicy { GridCRSPolicy(parsing: crs) }
}
