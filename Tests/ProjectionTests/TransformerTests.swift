import Foundation
import GeoKit
import Projection
import Testing

@Suite struct TransformerTests {
    /// Debian's libproj looks in /usr/share/proj when PROJ_DATA is unset; this suite runs without it.
    @Test func findsProjDatabase() throws {
        let path = try #require(ProjContext().databasePath, "PROJ found no proj.db: install Debian's proj-data or set PROJ_DATA")
        #expect(path.hasSuffix("proj.db"))
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func axesAreLonLatAndEastingNorthing() throws {
        let context = ProjContext()
        // EPSG:4326 is lat/lon and EPSG:4549 northing/easting by definition; both come out in x/y order here.
        let gk = try context.transformer(from: .wgs84, to: .epsg(4549)).transform(Coordinate(120, 31))
        #expect(abs(gk.x - 500_000) < 1e-6, "a point on the central meridian has false easting: \(gk)")
        #expect(gk.y > 3_400_000 && gk.y < 3_500_000)
        let utm = try context.transformer(from: .wgs84, to: .epsg(32651)).transform(Coordinate(123, 0))
        #expect(abs(utm.x - 500_000) < 1e-6 && abs(utm.y) < 1e-6)
    }

    @Test func contextReusesTransformers() throws {
        let context = ProjContext()
        let a = try context.transformer(from: .wgs84, to: .epsg(32651))
        let b = try context.transformer(from: .wgs84, to: .epsg(32651))
        #expect(a === b)
    }

    @Test func batchMatchesSinglePoints() throws {
        let transformer = try ProjContext().transformer(from: .wgs84, to: .epsg(32651))
        let input = (0..<50).map { Coordinate(120.5 + Double($0) * 0.01, 31.2 + Double($0) * 0.005) }
        var batch = input
        try transformer.transform(&batch)
        for (i, point) in input.enumerated() {
            #expect(try transformer.transform(point) == batch[i])
        }
        try transformer.transform(&batch, direction: .inverse)
        for (a, b) in zip(batch, input) { #expect(metres(a, b) < 1e-6) }
    }

    @Test func badEPSGCodeIsAnErrorNamingIt() {
        let context = ProjContext()
        do {
            _ = try context.transformer(from: .epsg(999_999), to: .wgs84)
            Issue.record("EPSG:999999 should not build a transformer")
        } catch {
            #expect(error.kind == .invalidCRS)
            #expect(error.source == "EPSG:999999")
            #expect(!error.message.isEmpty)
            #expect(error.description.contains("EPSG:999999"), "\(error)")
        }
    }

    @Test func garbageDefinitionIsAnError() {
        #expect(throws: ProjectionError.self) { try ProjContext().transformer(from: CRS("+proj=nonsense"), to: .wgs84) }
        #expect(throws: ProjectionError.self) { try ProjContext().transformer(from: CRS(""), to: .wgs84) }
    }

    @Test func outOfDomainPointIsReportedNotFatal() throws {
        let transformer = try ProjContext().transformer(from: .wgs84, to: .epsg(32651))
        do {
            _ = try transformer.transform(Coordinate(120.6, 95))
            Issue.record("latitude 95° should not project")
        } catch {
            #expect(error.kind == .pointFailed)
            #expect(error.pointIndex == 0)
            #expect(error.point == Coordinate(120.6, 95))
            #expect(!error.message.isEmpty)
        }
    }

    @Test func batchNamesTheFirstFailingPoint() throws {
        let transformer = try ProjContext().transformer(from: .wgs84, to: .epsg(32651))
        var points = [Coordinate(120.6, 31.3), Coordinate(120.6, 95), Coordinate(120.7, 31.3), Coordinate(120.6, -91)]
        do {
            try transformer.transform(&points)
            Issue.record("points beyond the poles should fail")
        } catch {
            #expect(error.pointIndex == 1)
            #expect(error.failedCount == 2)
            #expect(error.description.contains("at point 1"), "\(error)")
        }
        // The good points were still transformed.
        #expect(points[0].x > 100_000 && points[0].y > 3_000_000)
        #expect(points[2].x > 100_000 && points[2].y > 3_000_000)
    }

    @Test func nonFiniteInputIsRefusedBeforePROJ() throws {
        let transformer = try ProjContext().transformer(from: .wgs84, to: .epsg(32651))
        var points = [Coordinate(120.6, 31.3), Coordinate(.nan, 31.3)]
        #expect(throws: ProjectionError.self) { try transformer.transform(&points) }
        #expect(points[0] == Coordinate(120.6, 31.3), "nothing is transformed when the input is refused")
    }

    @Test func contextWithoutDatabaseReportsIt() {
        let context = ProjContext(searchPaths: ["/nonexistent-proj-data"])
        #expect(context.databasePath == nil)
        #expect(throws: ProjectionError.self) { try context.transformer(from: .wgs84, to: .epsg(32651)) }
    }

    /// Each task owns its context (as each worker thread will); transforms running at once agree.
    @Test func independentContextsRunConcurrently() async throws {
        let expected = try ProjContext().transformer(from: .wgs84, to: .epsg(4549)).transform(Coordinate(120.6, 31.3))
        let results = try await withThrowingTaskGroup(of: Coordinate.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let transformer = try ProjContext().transformer(from: .wgs84, to: .epsg(4549))
                    var last = Coordinate(0, 0)
                    for _ in 0..<200 { last = try transformer.transform(Coordinate(120.6, 31.3)) }
                    return last
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == expected })
    }
}
