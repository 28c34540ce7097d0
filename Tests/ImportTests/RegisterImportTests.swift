import Foundation
import TestSupport
import GeoKit
import Import
@_spi(RawSQL) import Store
import Testing

/// The sample risk registers (GB18030, Chinese headers, GCJ-02) through the shipped mapping.
@Suite struct RegisterImportTests {
    let mapping: ImportMapping

    init() throws {
        mapping = try ImportMapping.load(path: Samples.registerMapping)
        try mapping.check(for: Catalog.risks)
    }

    @Test func theCleanRegisterImportsCompletely() throws {
        let db = try TempDatabase()
        let s = try importFile(Samples.cleanRegister, into: Catalog.risks, db: db, format: .csv, mapping: mapping)
        #expect(s.read == 212)
        #expect(s.inserted == 212)
        #expect(s.rejected == 0)
        #expect(s.parentsInserted == 120)
        #expect(try db.count(Catalog.risks) == 212)
        #expect(try db.count(Catalog.riskSources) == 120)
        try db.store.read { r in
            // Every enterprise has its risks linked and a colour computed in the same transaction.
            let unlinked = try r.connection.scalar("SELECT count(*) FROM risk_sources WHERE risk_count = 0 OR colour IS NULL")
            #expect(unlinked.intValue == 0)
            let levels = try r.counts(Catalog.risks, by: "level")
            #expect(levels.values.reduce(0, +) == 212)
            #expect(Set(levels.keys).isSubset(of: Set(Catalog.levels)))
            // Row 1: 永盛金属材料有限公司, 冶金, 煤气中毒, 较大风险 at GCJ-02 (120.603727, 31.313377).
            let first = try #require(try r.feature(1, in: Catalog.risks))
            #expect(first["name"] == "煤气中毒")
            #expect(first["level"] == "significant")
            #expect(first["reported_on"] == "2021-07-08")
            let source = try #require(try r.feature(first["source_id"].intValue!, in: Catalog.riskSources))
            #expect(source["name"] == "永盛金属材料有限公司")
            #expect(source["credit_code"] == "91320697RF8QQYHBL9")
            #expect(source["sector"] == "metallurgy")
            // GCJ-02 is shifted a few hundred metres from WGS 84 near Suzhou; the stored point is the WGS 84 one.
            guard case .point(let p)? = first.geometry else { Issue.record("risk 1 has no point"); return }
            let dx = (p.x - 120.603727) * 111_320 * cos(31.31 * .pi / 180), dy = (p.y - 31.313377) * 110_570
            #expect((200...800).contains((dx * dx + dy * dy).squareRoot()))
            #expect(p.x < 120.603727 && p.y > 31.313377, "near Suzhou GCJ-02 lies east and south of WGS 84")
            let audit = try r.connection.scalar("SELECT count(*) FROM audit WHERE action = 'import'")
            #expect(audit.intValue == 1)
        }
    }

    @Test func theRegisterWithMistakesIsRejectedNamingEveryFaultyRow() throws {
        let db = try TempDatabase()
        let before = try db.fingerprint()
        var rejected: ImportRejected?
        do {
            _ = try importFile(Samples.faultyRegister, into: Catalog.risks, db: db, format: .csv, mapping: mapping)
        } catch let e as ImportRejected {
            rejected = e
        }
        let report = try #require(rejected).summary
        #expect(report.read == 30)
        #expect(report.rejections.map(\.location) == [4, 8, 12, 16, 20, 24].map { "line \($0 + 1) (序号 \($0))" })
        let reasons = report.rejections.map { $0.problems.joined(separator: "; ") }
        #expect(reasons[0].contains("经度 is empty"), "\(reasons[0])")
        #expect(reasons[1].contains("风险等级 (level): '很大' is not one of"), "\(reasons[1])")
        #expect(reasons[2].contains("look swapped"), "\(reasons[2])")
        #expect(reasons[3].contains("纬度 '31.3O' is not a number"), "\(reasons[3])")
        #expect(reasons[4].contains("风险名称 (name): is required"), "\(reasons[4])")
        #expect(reasons[5].contains("经度 1206.12 is outside"), "\(reasons[5])")
        #expect(report.rejections.allSatisfy { $0.problems.count == 1 }, "each faulty row has exactly its one mistake")
        #expect(try db.fingerprint() == before, "a rejected file leaves the database unchanged")
    }

    @Test func skipInvalidImportsTheGoodRows() throws {
        let db = try TempDatabase()
        let s = try importFile(Samples.faultyRegister, into: Catalog.risks, db: db, format: .csv, mapping: mapping, skipInvalid: true)
        #expect(s.read == 30)
        #expect(s.inserted == 24)
        #expect(s.rejected == 6)
        #expect(try db.count(Catalog.risks) == 24)
        // 16 enterprises appear in the first 30 rows; the rows rejected all belong to enterprises with another valid row.
        #expect(try db.count(Catalog.riskSources) == s.parentsInserted)
        let note = try db.store.read { try $0.connection.scalar("SELECT note FROM audit WHERE action = 'import'") }
        #expect(note.textValue?.contains("imported 24") == true, "\(note)")
        #expect(note.textValue?.contains("rejected 6") == true)
    }

    @Test func reimportingUpdatesEnterprisesByCreditCodeInsteadOfDuplicatingThem() throws {
        let db = try TempDatabase()
        _ = try importFile(Samples.faultyRegister, into: Catalog.risks, db: db, format: .csv, mapping: mapping, skipInvalid: true)
        let first = try db.count(Catalog.riskSources)
        let s = try importFile(Samples.cleanRegister, into: Catalog.risks, db: db, format: .csv, mapping: mapping)
        #expect(s.parentsUpdated == first)
        #expect(s.parentsInserted == 120 - first)
        #expect(try db.count(Catalog.riskSources) == 120)
        #expect(try db.count(Catalog.risks) == 24 + 212)
    }

    @Test func theCLIRejectsTheFaultyRegisterWithExit1AndWritesTheReport() throws {
        let db = try TempDatabase()
        let report = db.file("rejects.txt")
        let args = ["import", "risks", Samples.faultyRegister, "--mapping", Samples.registerMapping, "--db", db.path]
        let refused = try CLI.run(args)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("riskmap: error: 6 of 30 rows"))
        for n in [4, 8, 12, 16, 20, 24] { #expect(refused.stderr.contains("(序号 \(n))")) }
        let skipped = try CLI.run(args + ["--skip-invalid", "--report", report])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stdout.contains("read 30, imported 24"))
        // The kinds of fault first (each once here), then every refused row.
        let all = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        let lines = all.filter { !$0.hasPrefix("#") }
        #expect(lines.count == 6)
        #expect(lines.first?.hasPrefix("line 5 (序号 4): ") == true)
        #expect(all.filter { $0.hasPrefix("# 1 row: ") }.count == 6, "\(all)")
    }
}
