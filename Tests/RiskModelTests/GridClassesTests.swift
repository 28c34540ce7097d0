import Foundation
import RiskModel
import Testing

@Suite struct GridClassBreaksTests {
    let thresholds = RiskModelConfig.standard.combined.thresholds

    @Test func quantileBreaksGiveEachClassItsShare() {
        let values = (1...1_000).map { Double($0) }
        let b = GridClasses.standard.breaks(values.shuffled(), thresholds: thresholds)
        #expect(b == PerColour(red: 951, orange: 801, yellow: 501, blue: 0))
        let red = values.filter { CombinedIndex.colour($0, breaks: b) == .red }.count
        #expect(red == 50)
    }

    @Test func equalValuesNeverStraddleABreak() {
        // 100 cells: 90 at 1, 10 at 5. The top 5 % would cut the fives: none is red rather than all ten.
        let values = Array(repeating: 1.0, count: 90) + Array(repeating: 5.0, count: 10)
        let b = GridClasses.standard.breaks(values, thresholds: thresholds)
        let red = values.filter { CombinedIndex.colour($0, breaks: b) == .red }.count
        #expect(red <= 5)
        #expect(values.allSatisfy { CombinedIndex.colour($0, breaks: b) != nil })
    }

    @Test func headTailBreaksAreTheMeansOfTheSuccessiveHeads() {
        let values: [Double] = [1, 1, 1, 1, 2, 2, 4, 8, 16, 64]
        let b = GridClasses(mode: .headTail, shares: GridClasses.standard.shares).breaks(values, thresholds: thresholds)
        // mean 10 → head [16, 64], mean 40 → head [64], mean 64.
        #expect(b == PerColour(red: 64, orange: 40, yellow: 10, blue: 0))
    }

    @Test func absoluteModeAndTinyCitiesUseTheThresholds() {
        let absolute = GridClasses(mode: .absolute, shares: GridClasses.standard.shares)
        #expect(absolute.breaks([1, 2, 3, 400], thresholds: thresholds) == thresholds)
        #expect(GridClasses.standard.breaks([7, 9], thresholds: thresholds) == thresholds)
    }

    @Test func sharesAreChecked() throws {
        let bad = #"{"classes": {"mode": "quantile", "shares": {"red": 0.5, "orange": 0.3, "yellow": 0.3, "blue": 0.1}}}"#
        #expect(throws: ConfigError.self) { try RiskModelConfig.decode(Data(bad.utf8), source: "bad") }
        let partial = try RiskModelConfig.decode(Data(#"{"classes": {"mode": "absolute"}}"#.utf8), source: "partial")
        #expect(partial.classes.mode == .absolute && partial.classes.shares == GridClasses.standard.shares)
    }
}
