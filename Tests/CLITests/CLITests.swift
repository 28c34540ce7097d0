import Foundation
import TestSupport
import Testing

/// The CLI as a user meets it: exit codes, output and the files it writes.
@Suite struct CLITests {
    @Test func withoutACommandItPrintsUsageAndExits64() throws {
        let r = try CLI.run([])
        #expect(r.status == 64)
        #expect(r.stdout.contains("Usage: riskmap <command>"))
    }

    @Test(arguments: ["init", "demo", "stats"]) func everyCommandHasHelp(_ command: String) throws {
        let r = try CLI.run([command, "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Usage: riskmap \(command)"))
        #expect(r.stdout.contains("--db PATH"))
    }

    @Test func usageErrorsExit64WithOneLine() throws {
        for args in [["fly"], ["demo", "--scale", "huge"], ["demo", "--seed", "abc"], ["stats", "--colour"], ["init", "extra"],
                     ["tiles", "seed", "--bbox", "120,x,31,121,32", "--dir", "/nonexistent/tiles"]] {
            let r = try CLI.run(args)
            #expect(r.status == 64, "\(args)")
            #expect(r.stderr.hasPrefix("riskmap: error: "), "\(args): \(r.stderr)")
        }
    }

    @Test func runtimeErrorsExit1WithOneClearLine() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try CLI.run(["stats", "--db", dir.appendingPathComponent("none.sqlite").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such file"))
        #expect(missing.stderr.split(separator: "\n").count == 1)
        let db = dir.appendingPathComponent("city.sqlite").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        let again = try CLI.run(["demo", "--db", db])
        #expect(again.status == 1)
        #expect(again.stderr.contains("--force"))
        let notSQLite = dir.appendingPathComponent("notes.txt")
        try Data("not a database".utf8).write(to: notSQLite)
        let bad = try CLI.run(["stats", "--db", notSQLite.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
    }

    @Test func demoThenStatsReportsTheCityAndSeedsAreReproducible() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        func demo(_ name: String, seed: String) throws -> [String: Any] {
            let db = dir.appendingPathComponent(name).path
            let made = try CLI.run(["demo", "--scale", "small", "--seed", seed, "--db", db])
            #expect(made.status == 0, "\(made.stderr)")
            let wal = try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int
            #expect(wal == nil || wal == 0, "the database should be one file after the command ends")
            let stats = try CLI.run(["stats", "--db", db, "--json"])
            #expect(stats.status == 0)
            return try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as! [String: Any]
        }
        let a = try demo("a.sqlite", seed: "5"), b = try demo("b.sqlite", seed: "5"), c = try demo("c.sqlite", seed: "6")
        let layers = a["layers"] as! [String: [String: Any]]
        #expect(layers["risk_sources"]?["count"] as? Int == 300)
        #expect(layers["risks"]?["count"] as? Int == 410)
        #expect(NSDictionary(dictionary: a).isEqual(to: b))
        #expect(!NSDictionary(dictionary: a).isEqual(to: c))
        let colours = a["colours"] as! [String: Int]
        #expect(colours.values.reduce(0, +) == 300)
        #expect(Set(colours.keys) == ["red", "orange", "yellow", "blue"])
    }

    @Test func initCreatesAnEmptyDatabaseAndIsIdempotent() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("sub/dir/empty.sqlite").path
        let first = try CLI.run(["init", "--db", db])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("created"))
        let second = try CLI.run(["init", "--db", db])
        #expect(second.status == 0)
        #expect(second.stdout.contains("opened"))
        let stats = try CLI.run(["stats", "--db", db])
        #expect(stats.stdout.contains("risks          0"))
    }
}

@Suite struct TokenCLITests {
    @Test func createListRevoke() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("t.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let made = try CLI.run(["token", "create", "--name", "gis team", "--role", "editor", "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
        let secret = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("rmk_"))
        let list = try CLI.run(["token", "list", "--db", db])
        #expect(list.stdout.contains("1\teditor\tgis team"))
        #expect(!list.stdout.contains(secret))
        #expect(try CLI.run(["token", "revoke", "1", "--db", db]).stdout.contains("revoked"))
        let again = try CLI.run(["token", "revoke", "1", "--db", db])
        #expect(again.status == 1)
        #expect(try CLI.run(["token", "create", "--name", "x", "--role", "god", "--db", db]).status == 64)
        #expect(try CLI.run(["token", "--db", db]).status == 64)
    }

    /// An enterprise token is bound to the risk sources it reports for, named when it is made.
    @Test func enterpriseTokensNameTheirSources() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("t.sqlite").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        let unbound = try CLI.run(["token", "create", "--name", "plant", "--role", "enterprise", "--db", db])
        #expect(unbound.status == 64)
        #expect(unbound.stderr.contains("--source"))
        #expect(try CLI.run(["token", "create", "--name", "plant", "--role", "enterprise", "--source", "2,x", "--db", db]).status == 64)
        let missing = try CLI.run(["token", "create", "--name", "plant", "--role", "enterprise", "--source", "999999", "--db", db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("999999"))
        let made = try CLI.run(["token", "create", "--name", "plant", "--role", "enterprise", "--source", "2,3", "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try CLI.run(["token", "list", "--db", db]).stdout.contains("enterprise\tplant\tcreated"))
        #expect(try CLI.run(["token", "list", "--db", db]).stdout.contains("sources 2,3"))
    }
}
