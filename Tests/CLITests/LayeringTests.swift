import Foundation
import Testing

/// SQL lives in Store: no other target spells SQL statements, PRAGMAs, transactions or the spatial index's
/// tables (docs/ARCHITECTURE.md). A plain scan of the sources, so a slip shows up as a failing test.
@Suite struct LayeringTests {
    static let sources = DocsTests.root.appendingPathComponent("Sources")
    /// What SQL looks like in a Swift string: statements, PRAGMAs, transactions and R*Tree table names.
    static let patterns = [#"\bSELECT\s+[\w"*(]"#, #"\bINSERT\s+(OR\s+\w+\s+)?INTO\b"#, #"\bUPDATE\s+\w+\s+SET\b"#, #"\bDELETE\s+FROM\b"#,
                           #"\bCREATE\s+(TABLE|INDEX|VIEW|TRIGGER)\b"#, #"\bPRAGMA\s+\w"#, #""(BEGIN|COMMIT|ROLLBACK)\b"#, #"\bidx_\w*_geom\b"#]

    @Test func noSQLOutsideStore() throws {
        let regexes = try Self.patterns.map { try NSRegularExpression(pattern: $0) }
        var found: [String] = []
        let files = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)!
        for case let url as URL in files where url.pathExtension == "swift" && !url.path.contains("/Sources/Store/") {
            let text = try String(contentsOf: url, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = String(line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                let range = NSRange(code.startIndex..., in: code)
                if regexes.contains(where: { $0.firstMatch(in: code, range: range) != nil }) {
                    found.append("\(url.path.replacingOccurrences(of: Self.sources.path + "/", with: "")):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(found.isEmpty, "SQL outside Store:\n\(found.joined(separator: "\n"))")
    }

    /// Store's raw SQL surface (`Connection.execute`, `prepare`, `Statement`, …) is the `RawSQL` SPI: tests and
    /// the benchmarks' SQL peers may import it, no other target may. Other targets hold a `Connection` only as a
    /// handle for Store's typed calls.
    @Test func noRawSQLImportOutsideStore() throws {
        var found: [String] = []
        let files = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)!
        for case let url as URL in files where url.pathExtension == "swift" && !url.path.contains("/Sources/Store/") {
            let text = try String(contentsOf: url, encoding: .utf8)
            if text.contains("@_spi(RawSQL)") { found.append(url.lastPathComponent) }
        }
        #expect(found.isEmpty, "RawSQL imported outside Store: \(found)")
    }

    /// The scan finds what it looks for (so an empty result means something).
    @Test func theScanRecognisesSQL() throws {
        let regexes = try Self.patterns.map { try NSRegularExpression(pattern: $0) }
        for sql in [#"let s = try db.cached("SELECT fid FROM risks")"#, #"db.execute("PRAGMA journal_mode = DELETE")"#,
                    #"try db.execute("BEGIN")"#, #""INSERT OR REPLACE INTO grid_meta""#, #"FROM idx_sites_geom"#] {
            let range = NSRange(sql.startIndex..., in: sql)
            #expect(regexes.contains { $0.firstMatch(in: sql, range: range) != nil }, "\(sql)")
        }
        for prose in ["/// Select the layer", "let selection = Selection.permanent", "case begin"] {
            let range = NSRange(prose.startIndex..., in: prose)
            #expect(!regexes.contains { $0.firstMatch(in: prose, range: range) != nil }, "\(prose)")
        }
    }
}
