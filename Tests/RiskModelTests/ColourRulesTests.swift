import Testing
@testable import RiskModel

@Suite struct ColourRulesTests {
    let rules = ColourRules.standard

    @Test func colourFollowsTheWorstRisk() {
        #expect(rules.colour(worstLevel: .major, hazardGrade: nil, safetyScore: 12) == .red)
        #expect(rules.colour(worstLevel: .significant, hazardGrade: nil, safetyScore: 12) == .orange)
        #expect(rules.colour(worstLevel: .general, hazardGrade: nil, safetyScore: 12) == .yellow)
        #expect(rules.colour(worstLevel: .low, hazardGrade: nil, safetyScore: 12) == .blue)
        #expect(rules.colour(worstLevel: nil, hazardGrade: nil, safetyScore: nil) == .blue)
    }

    @Test func hazardGradeRaisesTheColour() {
        #expect(rules.colour(worstLevel: .low, hazardGrade: 1, safetyScore: 12) == .red)
        #expect(rules.colour(worstLevel: .general, hazardGrade: 2, safetyScore: 12) == .red)
        #expect(rules.colour(worstLevel: .general, hazardGrade: 4, safetyScore: 12) == .orange)
        #expect(rules.colour(worstLevel: .major, hazardGrade: 4, safetyScore: 12) == .red)
    }

    @Test func lowSafetyScoreRaisesOneStepOnlyWhenSwitchedOn() {
        #expect(rules.colour(worstLevel: .general, hazardGrade: nil, safetyScore: 4) == .yellow)
        var strict = rules
        strict.raiseAtOrBelowScore = 6
        #expect(strict.colour(worstLevel: .general, hazardGrade: nil, safetyScore: 6) == .orange)
        #expect(strict.colour(worstLevel: .general, hazardGrade: nil, safetyScore: 7) == .yellow)
        #expect(strict.colour(worstLevel: .major, hazardGrade: nil, safetyScore: 0) == .red)
    }

    @Test func levelsOrderBySeverity() {
        #expect(RiskLevel.major > RiskLevel.significant)
        #expect(RiskLevel.allCases.max() == .major)
        #expect(RiskColour.red > RiskColour.blue)
        #expect(RiskColour.yellow.raised == .orange)
    }
}
