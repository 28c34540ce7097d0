import Foundation
import Testing
import TestSupport

/// `riskmap plan add`, `list` and `collisions` on the small demo city: two departments' plans stored from files,
/// one joint inspection proposed, and a bad file refused with one line and nothing stored.
@Suite struct PlanCLITests {
    @Test func plansAreStoredFromFilesAndCollided() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("city.sqlite").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        func plan(_ name: String, _ json: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try json.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let city = try plan("city.json", #"{"department":"应急管理局","level":"city","period":"2027","visits":[{"enterprise":1,"date":"2027-04-10","items":["动火作业"]},{"enterprise":2,"date":"2027-04-11"}]}"#)
        let fire = try plan("fire.json", #"{"department":"消防救援支队","level":"county","period":"2027","visits":[{"enterprise":1,"date":"2027-04-30","items":["消防设施"]}]}"#)
        let added = try CLI.run(["plan", "add", "--file", city, "--db", db])
        #expect(added.status == 0 && added.stdout.contains("city plan of 应急管理局 for 2027, 2 visits"), "\(added.stderr)")
        #expect(try CLI.run(["plan", "add", "--file", fire, "--db", db]).status == 0)

        let bad = try CLI.run(["plan", "add", "--file", try plan("bad.json", #"{"department":"x","level":"city","period":"2027","visits":[{"enterprise":1}]}"#), "--db", db])
        #expect(bad.status == 1 && bad.stderr.contains("visit 1: needs enterprise") && bad.stderr.split(separator: "\n").count == 1)
        #expect(try CLI.run(["plan", "add", "--file", city, "--db", db]).status == 1, "the same department, level and period twice")
        let list = try CLI.run(["plan", "list", "--db", db])
        #expect(list.stdout.split(separator: "\n").count == 2)

        let out = dir.appendingPathComponent("joint.geojson").path
        let collided = try CLI.run(["plan", "collisions", "--window", "30", "--out", out, "--db", db])
        #expect(collided.status == 0 && collided.stdout.contains("3 planned visits: 1 joint inspections save 1 visits"), "\(collided.stdout)\(collided.stderr)")
        let answer = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        #expect((answer?["features"] as? [Any])?.count == 1)
        #expect(try CLI.run(["plan", "collisions", "--window", "10", "--db", db]).stderr.contains("0 joint inspections"))
        #expect(try CLI.run(["plan", "collisions", "--from", "April", "--db", db]).status == 64)
    }
}
