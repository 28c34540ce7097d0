import Foundation
import TestSupport
import Testing
@_spi(RawSQL) import Store

/// OWSLib (the OGC client library QGIS's Python and many GIS scripts use) reads riskmap's collections and items.
@Suite struct OWSLibTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("owslib_client.py").path

    @Test func owslibReadsCollectionsAndItems() throws {
        let server = try TestServer()
        let run = try CLI.python(Self.script, [server.base])
        try #require(run.status == 0, "OWSLib client failed (scripts/setup.sh --test installs OWSLib): \(run.stderr)")
        let data = Data(run.stdout.utf8)
        let seen = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(seen["collections"] as? [String] == Catalog.layers.map(\.name) + ["pipeline_hca", "threat_zones"])
        #expect((seen["conformance"] as? [String])?.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core") == true)
        #expect(seen["risks_title"] as? String == Catalog.risks.title)
        #expect(seen["page_returned"] as? Int == 25)
        #expect(seen["page_matched"] as? Int == 410)
        #expect(seen["major"] as? Int == 20)
        #expect(seen["major_levels"] as? [String] == ["major"])
        let expected = try server.store.read { try $0.features(in: Catalog.sites, bbox: .init(minX: 120.61, minY: 31.30, maxX: 120.63, maxY: 31.32)).count }
        #expect(seen["boxed"] as? Int == expected)
        #expect("\(seen["one_id"] ?? "")" == "3")
        // Queryables (Part 3), the features' schema, and a CQL2 filter answered on the server.
        #expect(seen["queryables"] as? [String] == (["geometry", "id"] + Catalog.risks.fields.map(\.name)).sorted())
        #expect(seen["level_enum"] as? [String] == Catalog.levels)
        #expect((seen["schema_valid_from"] as? [String: Any])?["format"] as? String == "date-time")
        let cqlCount = try server.store.read { try $0.connection.scalar("SELECT count(*) FROM risks WHERE level = 'major' AND impact_radius_m >= 500").intValue ?? -1 }
        #expect(seen["cql_matched"] as? Int == Int(cqlCount) && cqlCount > 0)
        #expect((seen["cql_rows"] as? [[Any]])?.count == 1, "only major risks of 500 m or more: \(seen["cql_rows"] ?? "")")
    }
}
