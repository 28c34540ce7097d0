import Foundation
import GeoKit
import Testing
@_spi(RawSQL) @testable import Store

/// CQL2 text: the parser's precedence, faults and limits, and the SQL's answers over a real database (the 30
/// sites of FeatureQueryTests' fixture: ids 1…30, site i at longitude 120 + 0.01·(i−1), categories
/// school/hospital/temporary_event in turn, capacity 100·(i−1)).
@Suite struct CQL2Tests {
    @Test func precedenceIsNotThenAndThenOr() throws {
        let e = try CQL2.parse("a = 1 OR b = 2 AND NOT c = 3")
        #expect(e == .or([.compare("a", .eq, .integer(1)), .and([.compare("b", .eq, .integer(2)), .not(.compare("c", .eq, .integer(3)))])]))
        #expect(try CQL2.parse("(a = 1 OR b = 'x''y') AND c IS NOT NULL")
                == .and([.or([.compare("a", .eq, .integer(1)), .compare("b", .eq, .text("x'y"))]), .not(.isNull("c"))]))
        // As GDAL writes it: every term parenthesised.
        #expect(try CQL2.parse("(\"kind\" = 'rescue_team') AND (capacity >= 2.5)") == .and([.compare("kind", .eq, .text("rescue_team")), .compare("capacity", .ge, .number(2.5))]))
        #expect(try CQL2.parse("name NOT LIKE 'a%' and level in ('major','significant') and capacity between 1 and 9")
                == .and([.not(.like("name", pattern: "a%", caseInsensitive: false)), .in("level", [.text("major"), .text("significant")]),
                         .between("capacity", .integer(1), .integer(9))]))
        #expect(try CQL2.parse("S_INTERSECTS(geometry, BBOX(120, 31, 121, 32))") != nil)
    }

    @Test func faultsNameWhatAndWhere() {
        func fault(_ text: String) -> CQL2Error? { do { _ = try CQL2.parse(text); return nil } catch { return error } }
        #expect(fault("name = 'open") == CQL2Error("a string is not closed", at: 7))
        #expect(fault("name = ") == CQL2Error("expected a value (a 'string', a number, TRUE, FALSE, TIMESTAMP('…')), found the end", at: 7))
        #expect(fault("name = 'a' name = 'b'")?.offset == 11)
        #expect(fault("(name = 'a'")?.message == "expected ')', found the end")
        #expect(fault("name ~ 'a'")?.message == "unexpected character '~'")
        #expect(fault("S_INTERSECTS(geometry, POLYGON((1 1, 2 2)")?.message.contains("not closed") == true)
        #expect(fault(String(repeating: "(", count: 40) + "a = 1" + String(repeating: ")", count: 40))?.message.contains("deeper") == true)
        #expect(fault(Array(repeating: "a = 1", count: 600).joined(separator: " OR "))?.message.contains("more than 500") == true)
        #expect(fault("a IN (" + Array(repeating: "1", count: 501).joined(separator: ",") + ")")?.message.contains("at most 500") == true)
        #expect(fault(String(repeating: "x", count: 9_000))?.message.contains("at most 8192") == true)
    }

    /// FeatureQueryTests' sites, the fifth renamed "Site 4" to tell LIKE from ILIKE.
    func fixture() throws -> TestDatabase {
        let db = try FeatureQueryTests().fixture()
        _ = try db.store.write(editor) { try $0.update(5, in: Catalog.sites, with: Feature(geometry: nil, properties: ["name": "Site 4"]), merge: true) }
        return db
    }

    func ids(_ db: TestDatabase, _ filter: String) throws -> [Int64] {
        var q = FeatureQuery(limit: 100)
        q.filter = try CQL2.parse(filter)
        let text = try db.store.read { r in
            var w = JSONWriter()
            w.raw("[")
            _ = try r.writeItems(Catalog.sites, query: q, into: &w)
            w.raw("]")
            return w.string
        }
        return (try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[String: Any]]).map { ($0["id"] as! NSNumber).int64Value }
    }

    @Test func filtersSelectWhatTheySay() throws {
        let db = try fixture()
        #expect(try ids(db, "category = 'school' AND capacity >= 2100") == [22, 25, 28])
        #expect(try ids(db, "category = '学校' AND capacity > 2500") == [28], "aliases map to codes")
        #expect(try ids(db, "capacity BETWEEN 100 AND 300 OR id = 30") == [2, 3, 4, 30])
        #expect(try ids(db, "NOT (capacity < 2700) AND category <> 'temporary_event'") == [28, 29])
        #expect(try ids(db, "name LIKE 'site 1_'") == Array(11...20).map { Int64($0) }.filter { $0 != 5 })
        #expect(try ids(db, "name LIKE 'site 4'") == [], "LIKE is case-sensitive")
        #expect(try ids(db, "name ILIKE 'site 4'") == [5])
        #expect(try ids(db, "name LIKE 'site 2%' AND NOT name IN ('site 2', 'site 20', 'site 21')") == Array(23...30).map { Int64($0) })
        #expect(try ids(db, "valid_from IS NOT NULL AND valid_to < TIMESTAMP('2026-11-12T00:00:00Z')") == [3, 6])
        #expect(try ids(db, "valid_from = '2026-11-10T00:00:00+00:00'") == [3], "times compare as stored")
        #expect(try ids(db, "S_INTERSECTS(geometry, BBOX(120.045, 30.9, 120.075, 31.1)) AND capacity > 500") == [7, 8])
        // A triangle whose box holds sites 11 and 12 but whose shape, at latitude 31, starts at 120.105: the exact test.
        #expect(try ids(db, "S_INTERSECTS(geometry, POLYGON((120.095 30.9, 120.115 30.9, 120.115 31.1, 120.095 30.9)))") == [12])
        #expect(try ids(db, "S_INTERSECTS(geometry, POINT(120.2 31))") == [21])
    }

    @Test func namesAndValuesAreCheckedAgainstTheLayer() throws {
        let db = try fixture()
        #expect { try ids(db, "colour = 'red'") } throws: { "\($0)".contains("unknown property 'colour'") && "\($0)".contains("capacity") }
        #expect { try ids(db, "category = 'volcano'") } throws: { "\($0)".contains("category") }
        #expect { try ids(db, "capacity = 'many'") } throws: { "\($0)".contains("is a number") }
        #expect { try ids(db, "valid_from > 'soon'") } throws: { "\($0)".contains("RFC 3339") }
        // A value is bound, never SQL: this matches nothing and drops nothing.
        #expect(try ids(db, "name = 'x'' OR 1=1 --'") == [])
        #expect(try db.store.read { try $0.count(Catalog.sites) } == 30)
    }
}
