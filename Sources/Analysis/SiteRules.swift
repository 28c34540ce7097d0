import RiskModel
import Store

/// What a proposed use is (its protected-target class after GB 36894-2018 / GB/T 37243-2019) and the numbers a
/// site check applies. The defaults are riskmap's choices where the standards give no single number (they set
/// distances by individual-risk contours or per case): a planner who has the approved figures replaces them.
public struct SiteRules: Sendable, Equatable {
    /// Proposed use → protected-target class. High-sensitivity: where people cannot leave unaided (GB 36894 §3:
    /// schools, kindergartens, hospitals, elderly care, prisons); important: public administration, heritage;
    /// general classes by how many people gather.
    public var classByUse: [String: String] = [
        "school": "high_sensitivity", "kindergarten": "high_sensitivity", "hospital": "high_sensitivity",
        "elderly_care": "high_sensitivity", "prison": "high_sensitivity",
        "government": "important", "heritage": "important",
        "residential": "general_1", "mall": "general_1", "market": "general_1", "stadium": "general_1", "station": "general_1",
        "hotel": "general_2", "office": "general_2", "religious": "general_2", "event_venue": "general_2",
        "industrial": "general_3", "warehouse": "general_3",
    ]
    /// A risk source's external safety distance when it has none of its own, by its level (from its colour)
    /// and the protected class (metres). riskmap's defaults, not the standard's.
    public var defaultSafetyDistanceM: [String: PerLevel<Double>] = [
        "high_sensitivity": PerLevel(major: 500, significant: 300, general: 150, low: 50),
        "important": PerLevel(major: 500, significant: 300, general: 150, low: 50),
        "general_1": PerLevel(major: 300, significant: 200, general: 100, low: 30),
        "general_2": PerLevel(major: 200, significant: 150, general: 80, low: 30),
        "general_3": PerLevel(major: 100, significant: 50, general: 30, low: 0),
    ]
    /// The fire-response standard (GB 51080-2015: 5 minutes from dispatch to the edge of a station's district)
    /// as a straight-line proxy until routing exists: a 7 km² district's radius is about 1.5 km, and 2 km
    /// leaves room for its shape.
    public var fireStationProxyM: Double = 2_000
    /// An emergency shelter within 500 m (GB 50413-2007, 紧急避难场所 service radius).
    public var shelterM: Double = 500
    /// The rings hazards are counted in, metres.
    public var countRingsM: [Double] = [1_000, 3_000, 5_000]
    /// Uses whose class makes a gas pipeline's potential impact circle a conflict (GB 32167-2015 §5: such a
    /// site inside it makes the stretch a high-consequence area) rather than a caution.
    public var pipelineConflictClasses: Set<String> = ["high_sensitivity"]

    public static let standard = SiteRules()

    public init() {}
}

extension SiteRules {
    /// These rules with the site categories a bureau added (`riskmap vocabulary add`) as uses, each with the
    /// protected-target class it was stored with; a use the rules already know keeps its class.
    public func extended(by vocabularies: Vocabularies) -> SiteRules {
        var rules = self
        rules.classByUse.merge(vocabularies.protectionClassByCategory) { known, _ in known }
        return rules
    }
}
