import Foundation
import Testing
import TestSupport

/// `riskmap route` and `riskmap isochrone` on the small demo city: answers, GeoJSON, and exit codes.
@Suite struct RouteCLITests {
    @Test func routesAndIsochronesOnTheDemoCity() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("city.sqlite").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        // Two road ends far apart.
        let roads = try CLI.run(["export", "roads", "--format", "geojson", "--db", db])
        let features = ((try JSONSerialization.jsonObject(with: Data(roads.stdout.utf8)) as? [String: Any])?["features"] as? [[String: Any]]) ?? []
        let ends = features.compactMap { (($0["geometry"] as? [String: Any])?["coordinates"] as? [[Double]])?.first }
        let a = try #require(ends.min { $0[0] + $0[1] < $1[0] + $1[1] }), b = try #require(ends.max { $0[0] + $0[1] < $1[0] + $1[1] })
        let from = "\(a[0]),\(a[1])", to = "\(b[0]),\(b[1])"

        let route = try CLI.run(["route", "--from", from, "--to", to, "--avoid", "major,significant", "--db", db])
        #expect(route.status == 0, "\(route.stderr)")
        #expect(route.stdout.hasPrefix("route: ") && route.stdout.contains("\nroads: "))
        let geojson = try CLI.run(["route", "--from", from, "--to", to, "--geojson", "--db", db])
        let answer = try JSONSerialization.jsonObject(with: Data(geojson.stdout.utf8)) as? [String: Any]
        #expect(answer?["status"] as? String == "ok" && (answer?["features"] as? [Any])?.count == 2)

        // Kept to hazmat roads and away from schools, this route is shorter but slower than the unconstrained one.
        let hazmat = try CLI.run(["route", "--from", "120.6078,31.2902", "--to", "120.63,31.32", "--avoid", "major,significant", "--hazmat", "--db", db])
        #expect(hazmat.status == 0 && hazmat.stdout.contains("detour -0.24 km, +1 min 37 s"), "\(hazmat.stdout)")

        // Through a point on the way: at least as long as the direct route.
        func km(_ out: String) -> Double? { out.split(separator: " ").dropFirst().first.flatMap { Double($0) } }
        let direct = try CLI.run(["route", "--from", from, "--to", to, "--db", db])
        let via = try CLI.run(["route", "--from", from, "--via", "120.6078,31.2902", "--to", to, "--db", db])
        #expect(via.status == 0, "\(via.stderr)")
        #expect((km(via.stdout) ?? 0) >= (km(direct.stdout) ?? .infinity), "\(via.stdout) \(direct.stdout)")
        let badVia = try CLI.run(["route", "--from", from, "--via", "120.6;31.29", "--to", to, "--db", db])
        #expect(badVia.status == 64 && badVia.stderr.contains("--via must be lon,lat"), "\(badVia.stderr)")

        let bad = try CLI.run(["route", "--from", "east", "--to", to, "--db", db])
        #expect(bad.status == 64 && bad.stderr.contains("--from must be lon,lat"))
        let far = try CLI.run(["route", "--from", "0,0", "--to", to, "--db", db])
        #expect(far.status == 1 && far.stderr.contains("more than 500 m from any road"))
        #expect(far.stderr.split(separator: "\n").count == 1)

        let iso = try CLI.run(["isochrone", "--from", "fire_stations", "--minutes", "3,5", "--db", db])
        #expect(iso.status == 0, "\(iso.stderr)")
        #expect(iso.stdout.contains("3 min: ") && iso.stdout.contains("5 min: "))
        // A time out of range is a usage error, said before the database is opened.
        let long = try CLI.run(["isochrone", "--from", from, "--minutes", "90", "--db", db])
        #expect(long.status == 64 && long.stderr.contains("at most 60"), "\(long.stderr)")
    }
}
