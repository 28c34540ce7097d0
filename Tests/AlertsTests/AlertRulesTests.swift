import Alerts
import Foundation
import Testing

@Suite struct AlertRulesTests {
    @Test func aRulesFileIsReadAndItsFaultsNamed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alert-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("rules.json")
        try JSONEncoder().encode(AlertRules.standard).write(to: good)
        #expect(try AlertRules.load(path: good.path) == .standard)
        var bad = AlertRules.standard
        bad.rules[0].reaches = "schools"
        let badPath = dir.appendingPathComponent("bad.json")
        try JSONEncoder().encode(bad).write(to: badPath)
        #expect { try AlertRules.load(path: badPath.path) } throws: { "\($0)".contains("reaches must be sites, major_hazards or red_cells") }
        #expect(throws: AlertRulesError.self) { try AlertRules.load(path: dir.appendingPathComponent("none.json").path) }
    }
}
