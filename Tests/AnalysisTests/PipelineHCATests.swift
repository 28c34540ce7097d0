import Analysis
import Foundation
import GeoKit
import RiskModel
import Store
import Testing

/// High-consequence areas on the fixture's pipeline (610 mm, 6.3 MPa, north–south 140 m east of the origin, 4 km
/// long from 2 km south): a hospital at the origin lies 140 m from the pipe, inside r = 151.6 m.
@Suite struct PipelineHCATests {
    static let now = "2026-12-05T00:00:00Z"

    /// The stretch a site at `distance` from a straight pipe makes: the pipe's points within r of it,
    /// ±√(r² − distance²) around its foot (2 km along here).
    static func expected(r: Double, distance: Double) -> (from: Double, to: Double) {
        let half = (r * r - distance * distance).squareRoot()
        return (2_000 - half, 2_000 + half)
    }

    @Test func aHospitalInsideTheImpactRadiusMakesAGradeThreeStretchThatFollowsEdits() throws {
        let f = try AnalysisFixture()
        let ctx = WriteContext(actor: "test")
        let hospital = try f.store.write(ctx) { tx in
            try tx.insert(Feature(geometry: .point(AnalysisFixture.origin), properties: ["name": "市立医院", "category": "hospital", "capacity": 800]),
                          into: Catalog.sites).id!
        }
        let r = try #require(PipelineImpact.radius(diameterMM: 610, maopMPa: 6.3))
        #expect(abs(r - 151.6) < 0.05)
        var hcas = try f.index.pipelineHCAs(at: Self.now)
        try #require(hcas.count == 1)
        let e = Self.expected(r: r, distance: 140)
        #expect(abs(hcas[0].from - e.from) < 0.5 && abs(hcas[0].to - e.to) < 0.5, "\(hcas[0].from)…\(hcas[0].to), expected \(e)")
        #expect(abs(hcas[0].length - 116.2) < 0.5)
        #expect(hcas[0].grade == 3 && hcas[0].sites.map(\.id) == [hospital] && abs(hcas[0].sites[0].distance - 140) < 0.5)
        #expect(hcas[0].pipelineID == f.pipeline && abs(hcas[0].impactRadius - r) < 0.01)

        // A mall 100 m west of the pipe 1 km further north: a second stretch, grade Ⅱ.
        let mall = try f.store.write(ctx) { tx in
            try tx.insert(Feature(geometry: .point(AnalysisFixture.at(40, 1_000)), properties: ["name": "万达广场", "category": "mall"]), into: Catalog.sites).id!
        }
        hcas = try f.index.pipelineHCAs(at: Self.now)
        #expect(hcas.map(\.grade) == [3, 2] && hcas.last?.sites.map(\.id) == [mall])

        // Raising the pressure to 10 MPa widens r and the stretch.
        _ = try f.store.write(ctx) { try $0.update(f.pipeline, in: Catalog.pipelines, with: Feature(geometry: nil, properties: ["maop_mpa": 10]), merge: true) }
        let wider = try #require(try f.index.pipelineHCAs(at: Self.now).first)
        let r10 = try #require(PipelineImpact.radius(diameterMM: 610, maopMPa: 10))
        #expect(abs(wider.length - 2 * (r10 * r10 - 140 * 140).squareRoot()) < 0.5)

        // Moving the hospital 180 m from the pipe at 6.3 MPa again removes its stretch; the mall's stays.
        _ = try f.store.write(ctx) { tx in
            try tx.update(f.pipeline, in: Catalog.pipelines, with: Feature(geometry: nil, properties: ["maop_mpa": 6.3]), merge: true)
            try tx.update(hospital, in: Catalog.sites, with: Feature(geometry: .point(AnalysisFixture.at(-40, 0)), properties: [:]), merge: true)
        }
        hcas = try f.index.pipelineHCAs(at: Self.now)
        #expect(hcas.map(\.grade) == [2])
    }

    @Test func overlappingCirclesMergeAndOtherSitesCountWithin200Metres() throws {
        let f = try AnalysisFixture()
        try f.store.write(WriteContext(actor: "test")) { tx in
            // Two schools 120 m from the pipe, 100 m apart along it: their stretches overlap and merge.
            for y in [0.0, 100] {
                _ = try tx.insert(Feature(geometry: .point(AnalysisFixture.at(20, y)), properties: ["name": .text("学校 \(Int(y))"), "category": "school"]), into: Catalog.sites)
            }
            // A hotel 190 m from the pipe (outside r, inside the 200 m band) 1.5 km north: grade Ⅰ.
            _ = try tx.insert(Feature(geometry: .point(AnalysisFixture.at(-50, 1_500)), properties: ["name": "酒店", "category": "hotel"]), into: Catalog.sites)
        }
        let hcas = try f.index.pipelineHCAs(at: Self.now)
        #expect(hcas.map(\.grade) == [3, 1])
        let r = PipelineImpact.radius(diameterMM: 610, maopMPa: 6.3)!
        let half = (r * r - 120 * 120).squareRoot()
        #expect(abs(hcas[0].from - (2_000 - half)) < 0.5 && abs(hcas[0].to - (2_100 + half)) < 0.5 && hcas[0].sites.count == 2)
        let band = (200.0 * 200 - 190 * 190).squareRoot()
        #expect(abs(hcas[1].length - 2 * band) < 0.5)
    }

    /// The stretches are kept between calls and dropped by what changes them: a temporary event near the pipe counts
    /// only inside its window (the kept answer is not served at an instant the event is off the map), a site far
    /// away changes nothing, and moving the event away removes its stretch.
    @Test func keptStretchesFollowTimeWindowsAndEdits() throws {
        let f = try AnalysisFixture()
        let ctx = WriteContext(actor: "test")
        let event = try f.store.write(ctx) { tx in
            try tx.insert(Feature(geometry: .point(AnalysisFixture.origin), properties: [
                "name": "灯会", "category": "temporary_event", "capacity": 5000,
                "valid_from": "2026-12-10T00:00:00Z", "valid_to": "2026-12-11T00:00:00Z"]), into: Catalog.sites).id!
        }
        let during = "2026-12-10T12:00:00Z", after = "2026-12-12T00:00:00Z"
        #expect(try f.index.pipelineHCAs(at: during).map(\.grade) == [2])
        #expect(try f.index.pipelineHCAs(at: after).isEmpty)
        #expect(try f.index.pipelineHCAs(at: during).map(\.grade) == [2])
        _ = try f.store.write(ctx) { tx in
            try tx.insert(Feature(geometry: .point(AnalysisFixture.at(5_000, 0)), properties: ["name": "远处学校", "category": "school"]), into: Catalog.sites)
        }
        #expect(try f.index.pipelineHCAs(at: during).map(\.grade) == [2])
        _ = try f.store.write(ctx) { tx in
            try tx.update(event, in: Catalog.sites, with: Feature(geometry: .point(AnalysisFixture.at(-1_000, 0)), properties: [:]), merge: true)
        }
        #expect(try f.index.pipelineHCAs(at: during).isEmpty)
    }
}
