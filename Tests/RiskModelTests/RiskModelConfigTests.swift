import Foundation
import RiskModel
import Testing

@Suite struct RiskModelConfigTests {
    @Test func defaultsAreThoseOfTheProduct() {
        let c = RiskModelConfig.standard
        #expect([c.levelWeights.low, c.levelWeights.general, c.levelWeights.significant, c.levelWeights.major] == [1, 3, 9, 27])
        #expect([c.defaultImpactRadiusM.low, c.defaultImpactRadiusM.general, c.defaultImpactRadiusM.significant,
                 c.defaultImpactRadiusM.major] == [50, 200, 500, 1_000])
        #expect(c.grid.cellSizeM == 100 && c.grid.crs == "utm")
        #expect(c.colourRules == .standard)
        #expect(c.problems.isEmpty)
    }

    @Test func jsonRoundTripsAndMissingKeysKeepDefaults() throws {
        let c = RiskModelConfig.standard
        #expect(try RiskModelConfig.decode(Data(c.json.utf8), source: "test") == c)
        let partial = try RiskModelConfig.decode(Data(#"{"kernel": "quadratic", "grid": {"crs": "EPSG:4549", "cellSizeM": 250, "levels": 6}}"#.utf8),
                                                 source: "partial")
        #expect(partial.kernel == .quadratic && partial.grid.cellSizeM == 250 && partial.grid.policy == .fixed(.epsg(4549)))
        #expect(partial.levelWeights == c.levelWeights && partial.colourRules == c.colourRules)
    }

    @Test func theSampleFileIsTheDefault() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sample = try RiskModelConfig.load(path: root.appendingPathComponent("docs/risk-model.sample.json").path)
        #expect(sample == .standard)
    }

    @Test func badNumbersAreAllReported() {
        let bad = #"{"levelWeights": {"major": -1, "significant": 9, "general": 3, "low": 1}, "grid": {"crs": "utm", "cellSizeM": 0, "levels": 40}}"#
        #expect {
            try RiskModelConfig.decode(Data(bad.utf8), source: "bad.json")
        } throws: { error in
            guard let e = error as? ConfigError else { return false }
            return e.problems.count == 3 && e.description.contains("bad.json") && e.description.contains("levelWeights.major")
        }
        #expect(throws: ConfigError.self) { try RiskModelConfig.decode(Data(#"{"kernel": "cubic"}"#.utf8), source: "k") }
    }

    @Test func kernelsFallFromOneToZero() {
        for k in Kernel.allCases {
            #expect(k.value(0) == 1)
            #expect(k.value(1) == 0 && k.value(2) == 0)
        }
        #expect(Kernel.linear.value(0.25) == 0.75)
        #expect(Kernel.quadratic.value(0.5) == 0.25)
    }

    @Test func combinedIndexClasses() {
        let c = RiskModelConfig.standard.combined
        #expect(c.value(hazard: 9, exposure: 1_000) == 18)
        #expect(c.colour(0) == nil)
        #expect(c.colour(0.5) == .blue && c.colour(3) == .yellow && c.colour(9) == .orange && c.colour(27) == .red)
    }

    @Test func gasPipelineImpactRadius() {
        #expect(abs(PipelineImpact.radius(diameterMM: 610, maopMPa: 6.3)! - 151.58) < 0.01)
        #expect(abs(PipelineImpact.radius(diameterMM: 1_016, maopMPa: 10)! - 318.08) < 0.01)
        #expect(PipelineImpact.radius(diameterMM: nil, maopMPa: 4) == nil)
        #expect(PipelineImpact.radius(diameterMM: 300, maopMPa: 0) == nil)
    }

    @Test func majorHazardGradingGB18218() throws {
        let g = HazardGrading.standard
        #expect([0, 1, 29, 30, 49, 50, 99, 100, 5_000].map { g.alpha(peopleWithin500m: $0) } == [0.5, 1, 1, 1.2, 1.2, 1.5, 1.5, 2, 2])
        #expect([100, 99.99, 50, 49.9, 10, 9.99, 0].map { g.grade(r: $0) } == [1, 2, 2, 3, 3, 4, 4])
        // Liquid chlorine 50 t (Q = 5 t, β = 4) and LPG 100 t (Q = 50 t, β = 1.5) with 120 people within 500 m:
        // R = 2 · (4·50/5 + 1.5·100/50) = 2 · 43 = 86 → 二级.
        let unit = try g.grade(peopleWithin500m: 120, substances: [.init(beta: 4, quantity: 50, criticalQuantity: 5),
                                                                  .init(beta: 1.5, quantity: 100, criticalQuantity: 50)])
        #expect(abs(unit.r - 86) < 1e-9 && unit.grade == 2)
        #expect(throws: HazardGrading.InvalidSubstance.self) {
            try g.rValue(alpha: 1, substances: [.init(beta: 1, quantity: 1, criticalQuantity: 0)])
        }
    }
}
