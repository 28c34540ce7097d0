import Foundation
import TestSupport
import GeoKit
import Import
import Store
import Testing

@Suite struct InvalidInputTests {
    static let point = #"{"type":"Point","coordinates":[120.6,31.3]}"#
    /// A bow-tie: closed, four corners, but its edges cross (GEOS: self-intersection).
    static let bowtie = #"{"type":"Polygon","coordinates":[[[120.6,31.3],[120.61,31.31],[120.61,31.3],[120.6,31.31],[120.6,31.3]]]}"#

    static func site(_ geometry: String, name: String = "学校") -> String {
        #"{"type":"Feature","geometry":\#(geometry),"properties":{"name":"\#(name)","category":"学校"}}"#
    }

    @Test func oneInvalidGeometryLeavesTheDatabaseUnchangedAndIsNamed() throws {
        let db = try TempDatabase()
        let file = db.file("sites.geojson")
        try Samples.write(#"{"type":"FeatureCollection","features":["# + [Self.site(Self.point), Self.site(Self.point), Self.site(Self.bowtie)].joined(separator: ",\n") + "]}", to: file)
        _ = try importFile(file, into: Catalog.sites, db: db, format: .geojson, skipInvalid: true)
        let before = try db.fingerprint()
        do {
            _ = try importFile(file, into: Catalog.sites, db: db, format: .geojson)
            Issue.record("the file was accepted")
        } catch let e as ImportRejected {
            #expect(e.summary.rejections.count == 1)
            #expect(e.summary.rejections.first?.location == "feature 3")
            #expect(e.summary.rejections.first?.problems.first?.contains("geometry is not valid: Self-intersection") == true, "\(e)")
        }
        #expect(try db.fingerprint() == before)
        #expect(try db.count(Catalog.sites) == 2)
    }

    @Test func everyKindOfBadFeatureIsReportedWithItsNumber() throws {
        let db = try TempDatabase()
        let file = db.file("bad.geojson")
        let features = [
            Self.site(Self.point),
            Self.site(#"{"type":"Polygon","coordinates":[[[120.6,31.3],[120.61,31.3],[120.61,31.31],[120.6,31.31]]]}"#),
            Self.site(#"{"type":"Point","coordinates":["120.6","31.3"]}"#),
            Self.site(#"{"type":"LineString","coordinates":[[120.6,31.3],[120.7,31.3]]}"#),
            #"{"type":"Feature","geometry":\#(Self.point),"properties":{"name":"x","category":"prison","floors":3}}"#,
            #"{"type":"Feature","properties":{}}"#,
            Self.site(#"{"type":"Point","coordinates":[200,31.3]}"#),
        ]
        try Samples.write(#"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}", to: file)
        let before = try db.fingerprint()
        #expect(throws: ImportRejected.self) { try importFile(file, into: Catalog.sites, db: db, format: .geojson) }
        #expect(try db.fingerprint() == before)
        let s = try importFile(file, into: Catalog.sites, db: db, format: .geojson, skipInvalid: true)
        #expect(s.inserted == 1)
        let report = s.report
        for expected in ["feature 2: Polygon ring 0 is not closed", "feature 3: coordinates must be numbers",
                         "feature 4: geometry type LineString is not allowed", "feature 5: unknown property 'floors'",
                         "category: 'prison' is not one of", "feature 6: a Feature needs a geometry member",
                         "feature 7: coordinate (200.0, 31.3) is not a longitude/latitude"] {
            #expect(report.contains(expected), "report lacks \(expected):\n\(report)")
        }
    }

    @Test func csvQuotingLineEndsAndWKTAreRead() throws {
        let db = try TempDatabase()
        let file = db.file("sites.csv")
        // A quoted name with a comma, a doubled quote and a line break; LF, CRLF and a blank line mixed.
        try Samples.write("name,category,capacity,wkt\n\"一中, \"\"东\"\"\r\n校区\",school,10,POINT (120.6 31.3)\r\n\r\n二中,school,,\"POLYGON ((120.6 31.3, 120.61 31.3, 120.61 31.31, 120.6 31.3))\"\n三中,school,5,POINT (120.6 x)\n", to: file)
        let s = try importFile(file, into: Catalog.sites, db: db, format: .csv, skipInvalid: true)
        #expect(s.inserted == 2)
        #expect(s.rejections.map(\.location) == ["line 6"])
        let first = try db.store.read { try $0.feature(1, in: Catalog.sites) }
        #expect(first?["name"] == "一中, \"东\"\r\n校区")
        #expect(first?["capacity"] == .integer(10))
    }

    @Test func anUnknownColumnWithoutAMappingStopsTheImport() throws {
        let db = try TempDatabase()
        let file = db.file("x.csv")
        try Samples.write("name,category,colour_of_door,lon,lat\na,school,red,120.6,31.3\n", to: file)
        #expect(throws: ImportError.self) { try importFile(file, into: Catalog.sites, db: db, format: .csv) }
        let r = try CLI.run(["import", "sites", file, "--db", db.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("colour_of_door"))
    }

    static let registerMapping = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/mappings/risk-register.json").path

    @Test func commandLineMistakesExit64() throws {
        let db = try TempDatabase()
        for args in [["import", "nope", "x.csv"], ["import", "sites"], ["import", "sites", "x.dat"], ["import", "sites", "x.csv", "--mode", "merge"],
                     ["import", "sites", "x.csv", "--mode", "upsert"], ["import", "sites", "x.csv", "--skip-invalid"],
                     ["export", "sites"], ["export", "sites", "--format", "shp"], ["export", "sites", "--format", "csv", "--bbox", "1,2,3"],
                     // A part that is not a number once was skipped, leaving four numbers.
                     ["export", "sites", "--format", "csv", "--bbox", "120,x,31,121,32"],
                     // A mapping made for another layer is a wrong choice of options, as POST /imports says with a 400.
                     ["import", "sites", "x.csv", "--mapping", Self.registerMapping]] {
            let r = try CLI.run(args + ["--db", db.path])
            #expect(r.status == 64, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("riskmap: error: "), "\(args)")
        }
        for c in ["import", "export"] {
            let help = try CLI.run([c, "--help"])
            #expect(help.status == 0 && help.stdout.contains("Usage: riskmap \(c)"))
        }
    }
}
