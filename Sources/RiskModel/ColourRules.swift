/// How an enterprise's colour follows from its risks, its major-hazard grade and its safety score
/// (Suzhou practice). The rules are data, so a bureau can change them without new code: they are part of
/// `RiskModelConfig` and its JSON file (docs/RISK-MODEL.md).
public struct ColourRules: Sendable, Equatable, Codable {
    /// The colour an enterprise gets from its most severe reported risk.
    public var byWorstLevel: [RiskLevel: RiskColour]
    /// The colour a major-hazard grade (1 = 一级 … 4 = 四级) implies on its own.
    public var byHazardGrade: [Int: RiskColour]
    /// The colour of an enterprise with no risk and no grade.
    public var otherwise: RiskColour
    /// When set, a safety score at or below this raises the colour one step.
    public var raiseAtOrBelowScore: Int?

    public init(byWorstLevel: [RiskLevel: RiskColour], byHazardGrade: [Int: RiskColour], otherwise: RiskColour,
                raiseAtOrBelowScore: Int?) {
        self.byWorstLevel = byWorstLevel
        self.byHazardGrade = byHazardGrade
        self.otherwise = otherwise
        self.raiseAtOrBelowScore = raiseAtOrBelowScore
    }

    /// PRODUCT.md's default: red for any major risk or a grade 一级/二级 hazard, orange for any significant
    /// risk or grade 三级/四级, yellow for any general risk, blue otherwise; the score rule is off.
    public static let standard = ColourRules(
        byWorstLevel: [.major: .red, .significant: .orange, .general: .yellow, .low: .blue],
        byHazardGrade: [1: .red, 2: .red, 3: .orange, 4: .orange],
        otherwise: .blue,
        raiseAtOrBelowScore: nil)

    public func colour(worstLevel: RiskLevel?, hazardGrade: Int?, safetyScore: Int?) -> RiskColour {
        var colour = otherwise
        if let worstLevel, let c = byWorstLevel[worstLevel] { colour = max(colour, c) }
        if let hazardGrade, let c = byHazardGrade[hazardGrade] { colour = max(colour, c) }
        if let threshold = raiseAtOrBelowScore, let safetyScore, safetyScore <= threshold { colour = colour.raised }
        return colour
    }
}
