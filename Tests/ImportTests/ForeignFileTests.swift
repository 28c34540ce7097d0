import Foundation
import Import
@_spi(RawSQL) import Store
import TestSupport
import Testing

/// A file shaped by another office: vocabulary values with spaces and capitals, its own id column, and risks that
/// name their enterprises by credit code. Imported with the CLI and a mapping of a few lines.
@Suite struct ForeignFileTests {
    static let enterprises = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","geometry":{"type":"Point","coordinates":[120.60,31.30]},"properties":{"name":"甲化工","credit_code":"91320500AAAAAAAA1X","sector":"Hazardous Chemicals"}},
         {"type":"Feature","geometry":{"type":"Point","coordinates":[120.61,31.31]},"properties":{"name":"乙燃气","credit_code":"91320500BBBBBBBB2X","sector":"dust-explosion"}}]}
        """
    /// The risks: `编号` is the office's own id; the second and third name the second enterprise; the third's level
    /// is the office's colour word, which the mapping's value map translates.
    static let risks = """
        编号,企业代码,风险名称,风险等级,经度,纬度
        R-0017,91320500AAAAAAAA1X,储罐区泄漏,Major,120.600,31.300
        R-0018,91320500BBBBBBBB2X,调压站爆炸,SIGNIFICANT ,120.610,31.310
        R-0019,91320500BBBBBBBB2X,管道泄漏,Yellow,120.611,31.311
        """
    static let mapping = """
        {"layer": "risks", "format": "csv", "lon": "经度", "lat": "纬度", "label": "编号",
         "fields": {"风险名称": "name", "风险等级": "level", "企业代码": "source_id"},
         "links": {"source_id": "credit_code"},
         "values": {"level": {"Yellow": "general"}}}
        """

    @Test func relationsFollowTheKeyAndLooseSpellingsAreNoted() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let (enterprises, risks, mapping) = (try file("e.geojson", Self.enterprises), try file("r.csv", Self.risks), try file("m.json", Self.mapping))
        let db = dir.appendingPathComponent("a.sqlite").path
        // An enterprise first, so the file's enterprises do not get ids 1 and 2: relations cannot hold by luck.
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let other = try file("other.geojson", #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[120.5,31.2]},"properties":{"name":"丙","credit_code":"91320500CCCCCCCC3X","sector":"gas"}}]}"#)
        #expect(try CLI.run(["import", "risk_sources", other, "--db", db]).status == 0)
        let loaded = try CLI.run(["import", "risk_sources", enterprises, "--db", db])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stderr.contains("note: sector: 'Hazardous Chemicals' taken as 'hazardous_chemicals'"), "\(loaded.stderr)")
        #expect(loaded.stderr.contains("note: sector: 'dust-explosion' taken as 'dust_explosion'"), "\(loaded.stderr)")
        let imported = try CLI.run(["import", "risks", risks, "--mapping", mapping, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("note: level: 'Major' taken as 'major'"), "\(imported.stderr)")
        let c = try Connection(path: db, mode: .readOnly)
        let pairs = try c.prepare("SELECT r.name, r.level, s.credit_code FROM risks r JOIN risk_sources s ON s.fid = r.source_id ORDER BY r.fid")
        var rows: [String] = []
        while try pairs.step() { rows.append("\(pairs.text(0) ?? "") \(pairs.text(1) ?? "") \(pairs.text(2) ?? "")") }
        #expect(rows == ["储罐区泄漏 major 91320500AAAAAAAA1X", "调压站爆炸 significant 91320500BBBBBBBB2X", "管道泄漏 general 91320500BBBBBBBB2X"])

        // The same risks into a database whose enterprises are others: nothing links wrongly, the missing key is named.
        let db2 = dir.appendingPathComponent("b.sqlite").path
        #expect(try CLI.run(["init", "--db", db2]).status == 0)
        #expect(try CLI.run(["import", "risk_sources", other, "--db", db2]).status == 0)
        let refused = try CLI.run(["import", "risks", risks, "--mapping", mapping, "--db", db2])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("line 2 (编号 R-0017): 企业代码 (source_id): no risk_sources feature has credit_code '91320500AAAAAAAA1X'"), "\(refused.stderr)")
        #expect(try Connection(path: db2, mode: .readOnly).scalar("SELECT count(*) FROM risks").intValue == 0)
        // --link on the command line does what the mapping's links do; a link that refers to nothing is a usage error.
        let bad = try CLI.run(["import", "risks", risks, "--mapping", mapping, "--link", "name=credit_code", "--db", db2])
        #expect(bad.status == 64 && bad.stderr.contains("--link"), "\(bad.stderr)")
    }

    /// A file of many bad rows is told by its kinds of fault, each with its count and first rows, not row by row;
    /// the report lists the first thousand rows and says how many more there were.
    @Test func manyBadRowsAreGroupedByKind() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "name,category,lon,lat\n"
        for i in 0..<1_500 { csv += (i % 100 == 99 ? "" : "site \(i)") + ",volcano,120.6,31.3\n" }
        let path = dir.appendingPathComponent("sites.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        let db = dir.appendingPathComponent("db.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let refused = try CLI.run(["import", "sites", path, "--db", db])
        #expect(refused.status == 1)
        let listed = refused.stderr.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(listed.count == 2, "\(listed)")
        #expect(listed.first?.hasPrefix("  1500 rows: category: '…' is not one of ") == true, "\(listed)")
        #expect(listed.last?.hasPrefix("  15 rows: name: is required (first: line 101, line 201, line 301)") == true, "\(listed)")
        let report = dir.appendingPathComponent("report.txt").path
        #expect(try CLI.run(["import", "sites", path, "--db", db, "--skip-invalid", "--report", report]).status == 0)
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("line ") }.count == 1_000)
        #expect(lines.last == "# … and 500 more rows")
    }

    /// `riskmap export --encoding gb18030` writes what a spreadsheet on Chinese Windows opens: Python's own GB18030
    /// codec reads it back as the UTF-8 export's text, and it imports again.
    @Test func csvExportsInGB18030() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("db.sqlite").path
        let enterprises = dir.appendingPathComponent("e.geojson").path
        try Data(Self.enterprises.utf8).write(to: URL(fileURLWithPath: enterprises))
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        #expect(try CLI.run(["import", "risk_sources", enterprises, "--db", db]).status == 0)
        let (utf8, gb) = (dir.appendingPathComponent("u.csv").path, dir.appendingPathComponent("g.csv").path)
        #expect(try CLI.run(["export", "risk_sources", "--format", "csv", "--out", utf8, "--db", db]).status == 0)
        #expect(try CLI.run(["export", "risk_sources", "--format", "csv", "--encoding", "gb18030", "--out", gb, "--db", db]).status == 0)
        let raw = try Data(contentsOf: URL(fileURLWithPath: gb))
        #expect(String(data: raw, encoding: .utf8) == nil, "GB18030 Chinese is not valid UTF-8")
        let same = try CLI.run(["-c", "import sys; print(open(sys.argv[1], encoding='gb18030', newline='').read() == open(sys.argv[2], encoding='utf-8', newline='').read())", gb, utf8],
                               executable: URL(fileURLWithPath: "/usr/bin/python3"))
        #expect(same.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True", "\(same.stderr)")
        let db2 = dir.appendingPathComponent("db2.sqlite").path
        #expect(try CLI.run(["init", "--db", db2]).status == 0)
        #expect(try CLI.run(["import", "risk_sources", gb, "--db", db2]).status == 0)
        #expect(try Connection(path: db2, mode: .readOnly).scalar("SELECT group_concat(name, ',') FROM (SELECT name FROM risk_sources ORDER BY fid)").textValue == "甲化工,乙燃气")
        #expect(try CLI.run(["export", "risk_sources", "--format", "geojson", "--encoding", "gb18030", "--db", db]).status == 64)
    }
}
