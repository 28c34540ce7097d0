import Foundation
import GeoKit
import Testing
@_spi(RawSQL) @testable import Store

@Suite struct FeatureQueryTests {
    /// 30 sites on a line of longitudes 120.00…120.29: categories cycle school/hospital/mall, capacity = 100·i,
    /// and every third one is a temporary event in November.
    func fixture() throws -> TestDatabase {
        let db = try TestDatabase()
        try db.store.write(editor) { tx in
            for i in 0..<30 {
                var f = Feature(geometry: .point(Coordinate(120 + Double(i) * 0.01, 31)), properties: [
                    "name": .text("site \(i)"), "category": .text(["school", "hospital", "mall"][i % 3]), "capacity": .integer(Int64(100 * i)),
                ])
                if i % 3 == 2 {
                    f["category"] = "temporary_event"
                    f["valid_from"] = .text("2026-11-\(10 + i / 3)T00:00:00Z")
                    f["valid_to"] = .text("2026-11-\(10 + i / 3)T23:00:00Z")
                }
                try tx.insert(f, into: Catalog.sites)
            }
        }
        return db
    }

    func items(_ db: TestDatabase, _ q: FeatureQuery) throws -> (ids: [Int64], props: [[String: Any]], matched: Int) {
        let (text, result) = try db.store.read { r in
            var w = JSONWriter()
            w.raw("[")
            let result = try r.writeItems(Catalog.sites, query: q, into: &w)
            w.raw("]")
            return (w.string, result)
        }
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[String: Any]]
        #expect(parsed.count == result.returned)
        return (parsed.map { ($0["id"] as! NSNumber).int64Value }, parsed.map { $0["properties"] as! [String: Any] }, result.matched)
    }

    @Test func pagesCountEveryMatch() throws {
        let db = try fixture()
        let first = try items(db, FeatureQuery(limit: 10))
        #expect(first.ids == Array(1...10))
        #expect(first.matched == 30)
        let last = try items(db, FeatureQuery(limit: 10, offset: 25))
        #expect(last.ids == Array(26...30))
        #expect(last.matched == 30)
        let beyond = try items(db, FeatureQuery(limit: 10, offset: 40))
        #expect(beyond.ids.isEmpty && beyond.matched == 30)
    }

    @Test func bboxFilterAndSortCombine() throws {
        let db = try fixture()
        let q = FeatureQuery(bbox: BBox(minX: 120.045, minY: 30, maxX: 120.145, maxY: 32), filters: [("category", ["school", "医院"])],
                             sortBy: [("capacity", false)])
        let r = try items(db, q)
        // Longitudes 120.05…120.14 are sites 5…14 (ids 6…15); the schools and hospitals among them are sites
        // 6, 7, 9, 10, 12, 13, largest capacity first.
        #expect(r.ids == [13, 12, 10, 9, 7, 6].map { Int64($0 + 1) })
        #expect(r.matched == 6)
    }

    @Test func datetimeSelectsFeaturesInsideTheirWindow() throws {
        let db = try fixture()
        let at = try items(db, FeatureQuery(limit: 100, datetime: .instant("2026-11-12T12:00:00Z"), filters: [("category", ["temporary_event"])]))
        #expect(at.ids == [9])  // site 8: 2026-11-12
        let span = try items(db, FeatureQuery(limit: 100, datetime: .interval(from: "2026-11-11T00:00:00Z", to: "2026-11-13T00:00:00Z"),
                                              filters: [("category", ["temporary_event"])]))
        #expect(span.ids == [6, 9, 12])
        let always = try items(db, FeatureQuery(limit: 100, datetime: .instant("2030-01-01T00:00:00Z")))
        #expect(always.matched == 20, "features without a window are always valid")
    }

    @Test func propertiesSelectsAttributes() throws {
        let db = try fixture()
        let r = try items(db, FeatureQuery(limit: 1, properties: ["name", "capacity"]))
        #expect(Set(r.props[0].keys) == ["name", "capacity"])
    }

    @Test func unknownPropertiesAndBadValuesAreRefusedBeforeAnySQL() throws {
        let db = try fixture()
        for q in [FeatureQuery(filters: [("colour; DROP TABLE sites", ["x"])]), FeatureQuery(sortBy: [("nope", true)]),
                  FeatureQuery(properties: ["name", "secret"]), FeatureQuery(filters: [("capacity", ["lots"])]), FeatureQuery(limit: -1)] {
            #expect(throws: StoreError.self) { _ = try items(db, q) }
        }
        do {
            _ = try items(db, FeatureQuery(filters: [("category", ["spaceport"])]))
            Issue.record("accepted an unknown category")
        } catch let StoreError.invalidQuery(problems) {
            #expect(problems.joined().contains("spaceport"))
        }
        #expect(try db.store.read { try $0.count(Catalog.sites) } == 30)
    }
}
