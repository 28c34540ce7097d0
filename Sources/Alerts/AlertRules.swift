import Foundation

/// When a write raises an alert (docs/ALERTS.md): rules as data, read from the file `alertRules` names, or these
/// defaults. Each rule looks at reports or risks of at least `minLevel` (and of `activities`, when given) and at
/// what lies within their impact radius (or `withinMetres`): crowded sites (of `siteCategories`, when given) or
/// other major hazards (risk sources with a major-hazard grade: the domino neighbours).
public struct AlertRules: Sendable, Codable, Equatable {
    public struct Rule: Sendable, Codable, Equatable {
        public var id: String
        /// The layers whose writes the rule looks at: `reports`, `risks`.
        public var causes: [String]
        public var minLevel: String
        /// `sites` or `major_hazards`.
        public var reaches: String
        public var siteCategories: [String]?
        public var activities: [String]?
        /// A fixed distance instead of the cause's impact radius (a large event near a major hazard).
        public var withinMetres: Double?
    }

    public var rules: [Rule]
    /// CAP's sender and the GB/T 35965.1-2018 identifier's parts: the issuing area's administrative division
    /// code and the issuing agency's code.
    public var sender: String
    public var areaCode: String
    public var agencyCode: String

    public static let reaches = ["sites", "major_hazards"]
    public static let causes = ["reports", "risks"]

    public static let standard = AlertRules(rules: [
        Rule(id: "crowded_site_in_impact_radius", causes: ["reports", "risks"], minLevel: "significant", reaches: "sites"),
        Rule(id: "domino_major_hazard", causes: ["reports", "risks"], minLevel: "significant", reaches: "major_hazards"),
        Rule(id: "large_event_near_major_hazard", causes: ["reports"], minLevel: "low", reaches: "major_hazards",
             activities: ["large_event"], withinMetres: 1_000),
    ], sender: "riskmap@emergency.example.gov.cn", areaCode: "320500", agencyCode: "00000000")

    /// Reads and checks a rules file; the error names the fault.
    public static func load(path: String) throws -> AlertRules {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw AlertRulesError("cannot read \(path): \(error.localizedDescription)") }
        let rules: AlertRules
        do { rules = try JSONDecoder().decode(AlertRules.self, from: data) } catch { throw AlertRulesError("\(path) is not a rules file: \(error)") }
        try rules.validate(levels: ["major", "significant", "general", "low"])
        return rules
    }

    public func validate(levels: [String]) throws {
        for r in rules {
            guard levels.contains(r.minLevel) else { throw AlertRulesError("rule \(r.id): minLevel must be one of \(levels.joined(separator: ", "))") }
            guard Self.reaches.contains(r.reaches) else { throw AlertRulesError("rule \(r.id): reaches must be sites or major_hazards") }
            guard !r.causes.isEmpty, r.causes.allSatisfy(Self.causes.contains) else { throw AlertRulesError("rule \(r.id): causes must be reports and/or risks") }
            if let m = r.withinMetres, !(m > 0 && m <= 100_000) { throw AlertRulesError("rule \(r.id): withinMetres must be above 0 and at most 100000") }
        }
        guard areaCode.count == 6 || areaCode.count == 12, areaCode.allSatisfy(\.isNumber) else {
            throw AlertRulesError("areaCode must be a 6- or 12-digit administrative division code")
        }
    }
}

public struct AlertRulesError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ d: String) { description = d }
}
