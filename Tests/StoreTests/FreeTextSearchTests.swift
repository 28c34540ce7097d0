import Foundation
import GeoKit
import Testing
@_spi(RawSQL) @testable import Store

/// `q`, the free-text search the viewer's search box uses: names and credit codes, with LIKE's wildcards
/// taken literally and the text bound, never spliced into SQL.
@Suite struct FreeTextSearchTests {
    static let enterprises: [(name: String, code: String?)] = [
        ("苏州化工有限公司", "91320500MA1XXXXX1A"),
        ("Suzhou Steel Works", "91320500MA2YYYYY2B"),
        ("50% Recycling", nil),
        ("500 Recycling", nil),
        ("a_b Logistics", "91320500MA3ZZZZZ3C"),
        ("axb Logistics", nil),
        ("O'Brien's \"Gas\"; DROP TABLE risk_sources", nil),
    ]

    func fixture() throws -> TestDatabase {
        let db = try TestDatabase()
        try db.store.write(editor) { tx in
            for (i, e) in Self.enterprises.enumerated() {
                var f = Feature(geometry: .point(Coordinate(120.6 + Double(i) * 0.001, 31.3)),
                                properties: ["name": .text(e.name), "sector": .text("gas")])
                if let code = e.code { f["credit_code"] = .text(code) }
                try tx.insert(f, into: Catalog.riskSources)
            }
        }
        return db
    }

    func names(_ db: TestDatabase, _ terms: [String], layer: LayerSchema = Catalog.riskSources) throws -> [String] {
        let text = try db.store.read { r in
            var w = JSONWriter()
            w.raw("[")
            _ = try r.writeItems(layer, query: FeatureQuery(search: terms), into: &w)
            w.raw("]")
            return w.string
        }
        let features = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[String: Any]]
        return features.map { ($0["properties"] as! [String: Any])["name"] as! String }
    }

    @Test func findsByPartOfTheNameInAnyScriptAndCase() throws {
        let db = try fixture()
        #expect(try names(db, ["化工"]) == ["苏州化工有限公司"])
        #expect(try names(db, ["steel"]) == ["Suzhou Steel Works"])
        #expect(try names(db, ["logistics"]) == ["a_b Logistics", "axb Logistics"])
    }

    @Test func findsByCreditCode() throws {
        let db = try fixture()
        #expect(try names(db, ["MA2YYYYY"]) == ["Suzhou Steel Works"])
    }

    @Test func anyTermMatches() throws {
        let db = try fixture()
        #expect(try names(db, ["化工", "steel"]) == ["苏州化工有限公司", "Suzhou Steel Works"])
    }

    @Test func wildcardsAreLiteral() throws {
        let db = try fixture()
        #expect(try names(db, ["50%"]) == ["50% Recycling"])
        #expect(try names(db, ["a_b"]) == ["a_b Logistics"])
        #expect(try names(db, ["%"]) == ["50% Recycling"])
        #expect(try names(db, ["\\"]).isEmpty)
    }

    @Test func quotesAreOnlyText() throws {
        let db = try fixture()
        #expect(try names(db, ["\"Gas\"; DROP"]) == ["O'Brien's \"Gas\"; DROP TABLE risk_sources"])
        #expect(try db.store.read { try $0.count(Catalog.riskSources) } == Self.enterprises.count)
    }

    @Test func emptyTermsAreIgnoredAndALayerWithoutNamesIsRefused() throws {
        let db = try fixture()
        #expect(try names(db, [""]).count == Self.enterprises.count)
        #expect(throws: StoreError.self) { try names(db, ["x"], layer: Catalog.reports) }
    }
}
