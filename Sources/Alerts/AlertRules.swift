import Foundation

/// When a write raises an alert (docs/ALERTS.md): rules as data, read from the file `alertRules` names, or these
/// defaults. Each rule looks at reports or risks of at least `minLevel` (and of `activities`, when given) and at
/// what lies within their impact radius (or `withinMetres`): crowded sites (of `siteCategories`, when given) or
/// other major hazards (risk sources with a major-hazard grade: the domino neighbours); or at the risk grid's
/// base cells it turns red (`red_cells`: red with it, not without it, from the moment it counts).
public struct AlertRules: Sendable, Codable, Equatable {
    public struct Rule: Sendable, Codable, Equatable {
        public var id: String
        /// The layers whose writes the rule looks at: `reports`, `risks`.
        public var causes: [String]
        public var minLevel: String
        /// `sites`, `major_hazards` or `red_cells`.
        public var reaches: String
        public var siteCategories: [String]?
        public var activities: [String]?
        /// A fixed distance instead of the cause's impact radius (a large event near a major hazard).
        public var withinMetres: Double?
    }

    public var rules: [Rule]
    /// The departments an alert concerns: those of the cause's enterprise sector (or of `*`, every alert), by the
    /// bureau's own table; the areas an alert lies in are added to each alert beside them.
    public var departments: [String: [String]]
    /// CAP's sender and the GB/T 35965.1-2018 identifier's parts: the issuing area's administrative division
    /// code and the issuing agency's code.
    public var sender: String
    public var areaCode: String
    public var agencyCode: String

    public static let reaches = ["sites", "major_hazards", "red_cells"]

    enum CodingKeys: String, CodingKey { case rules, departments, sender, areaCode, agencyCode }

    public init(rules: [Rule], departments: [String: [String]], sender: String, areaCode: String, agencyCode: String) {
        (self.rules, self.departments, self.sender, self.areaCode, self.agencyCode) = (rules, departments, sender, areaCode, agencyCode)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rules = try c.decode([Rule].self, forKey: .rules)
        departments = try c.decodeIfPresent([String: [String]].self, forKey: .departments) ?? [:]
        sender = try c.decode(String.self, forKey: .sender)
        areaCode = try c.decode(String.self, forKey: .areaCode)
        agencyCode = try c.decode(String.self, forKey: .agencyCode)
    }
    public static let causes = ["reports", "risks"]

    public static let standard = AlertRules(rules: [
        Rule(id: "crowded_site_in_impact_radius", causes: ["reports", "risks"], minLevel: "significant", reaches: "sites"),
        Rule(id: "domino_major_hazard", causes: ["reports", "risks"], minLevel: "significant", reaches: "major_hazards"),
        Rule(id: "large_event_near_major_hazard", causes: ["reports"], minLevel: "low", reaches: "major_hazards",
             activities: ["large_event"], withinMetres: 1_000),
        Rule(id: "grid_cell_turns_red", causes: ["reports", "risks"], minLevel: "low", reaches: "red_cells"),
    ], departments: [
        "*": ["应急管理局值班室"],
        "hazardous_chemicals": ["危险化学品安全监督管理处"], "gas": ["住房和城乡建设局（燃气）"], "dust_explosion": ["工贸安全监督管理处"],
        "metallurgy": ["工贸安全监督管理处"], "confined_space": ["工贸安全监督管理处"], "ammonia_refrigeration": ["工贸安全监督管理处"],
        "industry_trade": ["工贸安全监督管理处"], "construction": ["住房和城乡建设局"], "transport": ["交通运输局"],
        "crowded_place": ["文化广电和旅游局"],
    ], sender: "riskmap@emergency.example.gov.cn", areaCode: "320500", agencyCode: "00000000")

    /// The departments for an alert whose cause belongs to an enterprise of `sector` (nil: none known).
    public func departments(sector: String?) -> [String] {
        var out = departments["*"] ?? []
        for d in sector.flatMap({ departments[$0] }) ?? [] where !out.contains(d) { out.append(d) }
        return out
    }

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
            guard Self.reaches.contains(r.reaches) else { throw AlertRulesError("rule \(r.id): reaches must be sites, major_hazards or red_cells") }
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
