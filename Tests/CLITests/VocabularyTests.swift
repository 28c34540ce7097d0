import Foundation
@_spi(RawSQL) import Store
import TestSupport
import Testing

/// A bureau's own codes (issue 15 item 3): `riskmap vocabulary add` on the file a server serves, and the
/// config's `vocabularies` at start, reach every reader of the vocabularies — writes over HTTP, the table's
/// CHECK for other writers, imports, queryables, labels and the site check.
@Suite struct VocabularyTests {
    static let cinema = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[120.61,31.31]},"properties":{"name":"%@","category":"cinema"}}"#

    @Test func aCodeAddedByTheCLIReachesARunningServerAndEveryReader() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("vocabulary.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let token = try CLI.run(["token", "create", "--name", "editor", "--role", "editor", "--db", db]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServedRiskmap(db: db, extra: ["--workers", "2"])
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/geo+json"]
        func post(_ name: String) throws -> HTTPReply {
            try server.request("POST", "/collections/sites/items", body: Data(String(format: Self.cinema, name).utf8), headers: auth)
        }
        func rawInsert(_ category: String) throws {
            let c = try Connection(path: db, mode: .readWrite)
            try c.execute("INSERT INTO sites (name, category, geom) VALUES ('raw', '\(category)', MakePoint(120.6, 31.3, 4326))")
        }

        let refused = try post("before")
        #expect(refused.status == 400)
        #expect(refused.text.contains("'cinema' is not one of school, kindergarten"), "\(refused.text)")
        #expect(throws: SQLiteError.self) { try rawInsert("cinema") }
        #expect(try CLI.run(["check", "--lon", "120.6", "--lat", "31.3", "--use", "cinema", "--db", db]).status == 64)

        let added = try CLI.run(["vocabulary", "add", "--layer", "sites", "--field", "category", "--code", "cinema",
                                 "--zh", "电影院", "--en", "Cinema", "--protection-class", "general_1", "--db", db])
        #expect(added.status == 0, "\(added.stderr)")
        let listed = try CLI.run(["vocabulary", "list", "--db", db])
        #expect(listed.stdout == "sites.category\tcinema\t电影院\tCinema\tgeneral_1\n")

        // The running server, which did not make the change, takes the code at once.
        let created = try post("after")
        #expect(created.status == 201, "\(created.text)")
        // So does the table's own CHECK, for writers other than riskmap; other codes stay refused.
        try rawInsert("cinema")
        #expect(throws: SQLiteError.self) { try rawInsert("opera") }
        let integrity = try Connection(path: db, mode: .readOnly).scalar("PRAGMA integrity_check")
        #expect(integrity == .text("ok"))

        let queryables = try server.request("GET", "/collections/sites/queryables").json
        let category = (queryables["properties"] as? [String: Any])?["category"] as? [String: Any]
        #expect((category?["enum"] as? [String])?.last == "cinema")
        let collection = try server.request("GET", "/collections/sites").json
        let labels = ((collection["properties"] as? [String: Any])?["category"] as? [String: Any])?["x-labels"] as? [String: Any]
        #expect((labels?["cinema"] as? [String: String]) == ["zh": "电影院", "en": "Cinema"])
        let all = try server.request("GET", "/collections").text
        #expect(all.contains("\"cinema\":{\"zh\":\"电影院\""))
        let found = try server.request("GET", "/collections/sites/items?category=电影院").json
        #expect(found["numberMatched"] as? Int == 2)

        // An import matches the code loosely ("Cinema") and by its Chinese label, as it does the catalogue's.
        let csv = dir.appendingPathComponent("sites.csv")
        try Data("name,category,lon,lat\n东方影城,Cinema,120.62,31.32\n星光影院,电影院,120.63,31.33\n".utf8).write(to: csv)
        let imported = try CLI.run(["import", "sites", csv.path, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("category: 'Cinema' taken as 'cinema'"), "\(imported.stderr)")
        #expect(try server.request("GET", "/collections/sites/items?category=cinema").json["numberMatched"] as? Int == 4)
        // A mapping's values may name the added code (they are checked against the database's vocabulary).
        let mapping = dir.appendingPathComponent("cinemas.json")
        try Data(#"{"layer": "sites", "fields": {"名称": "name", "类型": "category"}, "lon": "lon", "lat": "lat", "values": {"category": {"影城": "cinema"}}}"#.utf8).write(to: mapping)
        let mapped = dir.appendingPathComponent("mapped.csv")
        try Data("名称,类型,lon,lat\n万达影城,影城,120.64,31.34\n".utf8).write(to: mapped)
        let viaMapping = try CLI.run(["import", "sites", mapped.path, "--mapping", mapping.path, "--db", db])
        #expect(viaMapping.status == 0, "\(viaMapping.stderr)")
        #expect(try server.request("GET", "/collections/sites/items?category=cinema").json["numberMatched"] as? Int == 5)

        // The site check knows the use and its protected-target class, in the CLI and over HTTP.
        let check = try CLI.run(["check", "--lon", "120.6", "--lat", "31.3", "--use", "cinema", "--db", db])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("Site check: cinema (general_1)"), "\(check.stdout)")
        let process = try server.request("POST", "/processes/site-check/execution",
                                         body: Data(#"{"inputs":{"lon":120.6,"lat":31.3,"use":"cinema"}}"#.utf8),
                                         headers: ["Content-Type": "application/json"])
        #expect(process.status == 200, "\(process.text)")
        #expect(process.text.contains("\"protection_class\":\"general_1\""), "\(process.text)")
        #expect(try server.request("GET", "/processes/site-check").text.contains("\"cinema\""))
    }

    /// A code that cannot be added is refused with one line and a non-zero exit, and changes nothing.
    @Test(arguments: [
        (["--layer", "sites", "--field", "category", "--code", "Cinema", "--zh", "电影院", "--en", "Cinema", "--protection-class", "general_1"], "lower-case snake_case"),
        (["--layer", "sites", "--field", "category", "--code", "school", "--zh", "学堂", "--en", "School house", "--protection-class", "general_1"], "already has the code 'school'"),
        (["--layer", "sites", "--field", "capacity", "--code", "many", "--zh", "多", "--en", "Many"], "has no vocabulary a bureau may extend"),
        (["--layer", "pipelines", "--field", "kind", "--code", "hydrogen", "--zh", "氢气", "--en", "Hydrogen"], "has no vocabulary a bureau may extend"),
        (["--layer", "sites", "--field", "category", "--code", "cinema", "--zh", "电影院", "--en", "Cinema"], "needs its protected-target class"),
        (["--layer", "sites", "--field", "category", "--code", "cinema", "--zh", "电影院", "--en", "Cinema", "--protection-class", "general_9"], "is not one of high_sensitivity"),
        (["--layer", "resources", "--field", "kind", "--code", "drone_team", "--zh", "无人机队", "--en", "Drone team", "--protection-class", "general_1"], "only a site category"),
        (["--layer", "sites", "--field", "category", "--code", "cinema", "--zh", "学校", "--en", "Cinema", "--protection-class", "general_1"], "'学校' already names sites.category 'school'"),
    ])
    func aBadCodeIsRefusedWithOneLine(options: [String], reason: String) throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("refused.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let schema = try Connection(path: db, mode: .readOnly).scalar("SELECT group_concat(sql) FROM sqlite_master")
        let run = try CLI.run(["vocabulary", "add"] + options + ["--db", db])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("riskmap: error: ") && run.stderr.contains(reason), "\(run.stderr)")
        #expect(run.stderr.filter { $0 == "\n" }.count == 1, "\(run.stderr)")
        #expect(try CLI.run(["vocabulary", "list", "--db", db]).stdout.isEmpty)
        #expect(try Connection(path: db, mode: .readOnly).scalar("SELECT group_concat(sql) FROM sqlite_master") == schema)
    }

    /// The config's `vocabularies` are stored when the server starts, and again at the next start without
    /// complaint; one stored with other labels stops the start with a line naming it.
    @Test func theConfigsVocabulariesAreAppliedAtEveryStart() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("config.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let config = dir.appendingPathComponent("riskmap.json")
        func write(_ en: String) throws {
            try Data("""
                {"vocabularies": [
                  {"layer": "sites", "field": "category", "code": "cinema", "zh": "电影院", "en": "\(en)", "protectionClass": "general_1"},
                  {"layer": "resources", "field": "kind", "code": "drone_team", "zh": "无人机队", "en": "Drone team"}
                ]}
                """.utf8).write(to: config)
        }
        try write("Cinema")
        for _ in 0..<2 {
            let server = try ServedRiskmap(db: db, extra: ["--workers", "1", "--config", config.path])
            let kinds = ((try server.request("GET", "/collections/resources/queryables").json["properties"] as? [String: Any])?["kind"] as? [String: Any])?["enum"] as? [String]
            #expect(kinds?.contains("drone_team") == true)
            let openAPI = try server.request("GET", "/openapi.json").text
            #expect(openAPI.contains("\"cinema\""))
            server.stop()
        }
        #expect(try CLI.run(["vocabulary", "list", "--db", db]).stdout.split(separator: "\n").count == 2)
        try write("Movie theatre")
        let refused = try CLI.run(["serve", "--db", db, "--port", "0", "--config", config.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("sites.category 'cinema' is stored with other labels"), "\(refused.stderr)")
    }
}
