import Foundation
import TestSupport
import Testing

@Suite struct DocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// docs/DATA-MODEL.md embeds `riskmap schema`; a change to the catalog must come with the doc.
    @Test func dataModelDocumentMatchesTheCatalog() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/DATA-MODEL.md"), encoding: .utf8)
        let schema = try CLI.run(["schema"])
        #expect(schema.status == 0)
        #expect(doc.contains(schema.stdout), "docs/DATA-MODEL.md is out of date: run `riskmap schema` and paste its output")
    }

    /// Every command is documented in docs/CLI.md.
    @Test func everyCommandIsInTheCLIDocument() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/CLI.md"), encoding: .utf8)
        let usage = try CLI.run([]).stdout
        let commands = usage.split(separator: "\n").drop { !$0.hasPrefix("Commands:") }.dropFirst()
            .prefix { $0.hasPrefix("  ") }.map { $0.split(separator: " ")[0] }
        #expect(commands.count >= 4)
        for c in commands { #expect(doc.contains("## riskmap \(c)"), "docs/CLI.md lacks riskmap \(c)") }
    }
}
