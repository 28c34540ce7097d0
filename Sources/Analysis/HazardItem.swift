import GeoKit
import RiskModel
import Store

/// The layers the nearby index holds: the five hazard layers and the emergency resources (for site checks).
public enum HazardLayer: String, CaseIterable, Sendable {
    case riskSources = "risk_sources", risks, pipelines, reports, sites, resources

    /// What `/analysis/nearby` searches when no `layers=` is given.
    public static let hazards: [HazardLayer] = [.riskSources, .risks, .pipelines, .reports, .sites]

    /// Its place among the layers' names in alphabetical order (how ties in distance are ordered), without
    /// comparing strings.
    var nameOrder: Int {
        switch self {
        case .pipelines: 0
        case .reports: 1
        case .resources: 2
        case .riskSources: 3
        case .risks: 4
        case .sites: 5
        }
    }

    /// Its place in `allCases`, for flat per-layer tables.
    var index: Int {
        switch self {
        case .riskSources: 0
        case .risks: 1
        case .pipelines: 2
        case .reports: 3
        case .sites: 4
        case .resources: 5
        }
    }

    var schema: LayerSchema {
        switch self {
        case .riskSources: Catalog.riskSources
        case .risks: Catalog.risks
        case .pipelines: Catalog.pipelines
        case .reports: Catalog.reports
        case .sites: Catalog.sites
        case .resources: Catalog.resources
        }
    }

    /// The fields read, in `HazardItem.init(row:)`'s order.
    var fields: [String] {
        switch self {
        case .riskSources: ["name", "sector", "colour", "safety_distance_m", "hazard_grade"]
        case .risks: ["name", "place", "level", "impact_radius_m", "valid_from", "valid_to", "source_id"]
        case .pipelines: ["name", "kind", "diameter_mm", "maop_mpa"]
        case .reports: ["activity", "reporter", "level", "impact_radius_m", "valid_from", "valid_to", "status", "source_id"]
        case .sites: ["name", "category", "capacity", "protection_class", "valid_from", "valid_to"]
        case .resources: ["name", "kind", "capacity"]
        }
    }
}

/// One feature of an indexed layer, with what nearby answers and site checks say of it. A class: searches hand
/// thousands of them about, and a reference is one count where a copy of the fields was a dozen.
public final class HazardItem: Sendable {
    public let layer: HazardLayer
    public let id: Int64
    public let name: String
    /// Sector, category, pipeline or resource kind, or report activity.
    public let kind: String?
    /// A risk's or report's level; an enterprise's from its colour. Nil for pipelines, sites, resources.
    public let level: RiskLevel?
    public let colour: RiskColour?
    /// A risk's or report's own radius or the model's default for its level; a gas pipeline's potential impact
    /// radius r = 0.099·d·√p.
    public let impactRadius: Double?
    /// A risk source's own external safety distance.
    public let safetyDistance: Double?
    public let hazardGrade: Int64?
    public let capacity: Int64?
    public let protectionClass: String?
    public let sourceID: Int64?
    /// The time window as stored (UTC text, so text order is time order); half-open.
    public let validFrom: String?
    public let validTo: String?
    /// False for a report whose status the model does not count (closed, cancelled).
    public let counted: Bool
    public let shape: Shape

    /// Whether the item is on the map at `instant` (a stored timestamp).
    public func isActive(at instant: String) -> Bool {
        counted && (validFrom.map { $0 <= instant } ?? true) && (validTo.map { $0 > instant } ?? true)
    }

    /// The natural-gas pipeline kinds the potential impact radius applies to.
    static let gasKinds: Set<String> = ["gas_transmission", "city_gas"]

    init(_ layer: HazardLayer, row: ScanRow, geometry: Geometry, config: RiskModelConfig) {
        self.layer = layer
        id = row.id
        shape = Shape(geometry)
        var level: RiskLevel?, colour: RiskColour?, impact: Double?, safety: Double?, grade: Int64?
        var capacity: Int64?, protection: String?, source: Int64?, from: String?, to: String?, counted = true
        switch layer {
        case .riskSources:
            name = row.text(0) ?? ""
            kind = row.text(1)
            colour = row.text(2).flatMap(RiskColour.init(rawValue:))
            level = colour.flatMap { c in RiskLevel.allCases.first { $0.colour == c } }
            safety = row.double(3)
            grade = row.int64(4)
        case .risks:
            name = row.text(0) ?? ""
            kind = row.text(1)
            level = row.text(2).flatMap(RiskLevel.init(rawValue:))
            impact = row.double(3) ?? level.map { config.defaultImpactRadiusM[$0] }
            (from, to, source) = (row.text(4), row.text(5), row.int64(6))
        case .pipelines:
            name = row.text(0) ?? ""
            kind = row.text(1)
            if let k = kind, Self.gasKinds.contains(k) {
                impact = PipelineImpact.radius(diameterMM: row.double(2), maopMPa: row.double(3), coefficient: config.pipelineImpactCoefficient)
            }
        case .reports:
            kind = row.text(0)
            name = "\(row.text(0) ?? "report") (\(row.text(1) ?? ""))"
            level = row.text(2).flatMap(RiskLevel.init(rawValue:))
            impact = row.double(3) ?? level.map { config.defaultImpactRadiusM[$0] }
            (from, to) = (row.text(4), row.text(5))
            counted = row.text(6).map { config.countedReportStatuses.contains($0) } ?? false
            source = row.int64(7)
        case .sites:
            name = row.text(0) ?? ""
            kind = row.text(1)
            capacity = row.int64(2)
            protection = row.text(3)
            (from, to) = (row.text(4), row.text(5))
        case .resources:
            name = row.text(0) ?? ""
            kind = row.text(1)
            capacity = row.int64(2)
        }
        self.level = level
        self.colour = colour ?? level?.colour
        impactRadius = impact
        safetyDistance = safety
        hazardGrade = grade
        self.capacity = capacity
        protectionClass = protection
        sourceID = source
        validFrom = from
        validTo = to
        self.counted = counted
    }
}
