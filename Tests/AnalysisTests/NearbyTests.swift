import Analysis
import Foundation
import GeoKit
import RiskModel
@_spi(RawSQL) import Store
import Testing

@Suite struct NearbyTests {
    static let now = "2026-06-01T00:00:00Z"

    @Test func hitsAreSortedWithGeodesicDistancesAndFlags() throws {
        let f = try AnalysisFixture()
        let o = AnalysisFixture.origin
        let r = try f.index.nearby(NearbyQuery(probe: Shape(.point(o)), radius: 2_000, at: Self.now))
        #expect(r.hits.map { "\($0.item.layer.rawValue).\($0.item.id)" } == ["pipelines.\(f.pipeline)", "risk_sources.\(f.enterprise)", "risks.\(f.risk)"])
        let ref = try GeodesicTests.reference([(o, AnalysisFixture.at(0, 150)), (o, AnalysisFixture.at(140, 0))])
        #expect(abs(r.hits[1].distance - ref[0].0) < 0.5)
        #expect(abs(r.hits[0].distance - ref[1].0) < 0.5)
        #expect(abs(r.hits[1].separation.bearing! - 0) < 0.01)
        #expect(abs(r.hits[0].separation.bearing! - 90) < 0.1)
        #expect(abs(r.hits[0].item.impactRadius! - 151.6) < 0.05)
        #expect(r.hits[0].insideImpactRadius == true)
        #expect(r.hits[1].insideSafetyDistance == true)
        #expect(r.hits[2].insideImpactRadius == true)
        #expect(r.hits[2].item.level == .major)
        let majors = try f.index.nearby(NearbyQuery(probe: Shape(.point(o)), radius: 2_000, levels: [.major], at: Self.now))
        #expect(majors.hits.map(\.item.layer) == [.risks])
        let one = try f.index.nearby(NearbyQuery(probe: Shape(.point(o)), radius: 2_000, limit: 1, at: Self.now))
        #expect(one.hits.count == 1 && one.matched == 3)
    }

    @Test func aPolygonMeasuresFromItsEdgeAndHoldsWhatIsInside() throws {
        let f = try AnalysisFixture()
        let ring = [AnalysisFixture.at(-50, 100), AnalysisFixture.at(50, 100), AnalysisFixture.at(50, 200), AnalysisFixture.at(-50, 200), AnalysisFixture.at(-50, 100)]
        let r = try f.index.nearby(NearbyQuery(probe: Shape(.polygon([ring])), radius: 100, at: Self.now))
        let byLayer = Dictionary(uniqueKeysWithValues: r.hits.map { ($0.item.layer, $0.distance) })
        #expect(byLayer[.riskSources] == 0)
        #expect(byLayer[.risks] == 0)
        // The pipeline is 140 m east of the origin, the parcel's edge 50 m east: 90 m.
        #expect(abs(byLayer[.pipelines]! - 90) < 0.5)
    }

    @Test func editsReachTheNextAnswerWithoutARestart() throws {
        let f = try AnalysisFixture()
        let o = Shape(.point(AnalysisFixture.origin))
        #expect(try f.index.warm() == 6)
        try f.store.write(WriteContext(actor: "test")) { tx in
            _ = try tx.update(f.enterprise, in: Catalog.riskSources, with: Feature(geometry: .point(AnalysisFixture.at(0, 3_000))), merge: true)
            _ = try tx.update(f.risk, in: Catalog.risks, with: Feature(geometry: .point(AnalysisFixture.at(0, 3_000))), merge: true)
        }
        var r = try f.index.nearby(NearbyQuery(probe: o, radius: 2_000, at: Self.now))
        #expect(r.hits.map(\.item.layer) == [.pipelines])
        let report = try f.store.write(WriteContext(actor: "test")) { tx in
            try tx.insert(Feature(geometry: .point(AnalysisFixture.at(0, -60)),
                                  properties: ["reporter": "乙公司", "activity": "hot_work", "level": "significant", "status": "active",
                                               "valid_from": "2026-05-31T00:00:00Z", "valid_to": "2026-06-02T00:00:00Z"]), into: Catalog.reports).id!
        }
        r = try f.index.nearby(NearbyQuery(probe: o, radius: 2_000, at: Self.now))
        #expect(r.hits.first?.item.layer == .reports && r.hits.first?.item.id == report)
        #expect(abs(r.hits.first!.distance - 60) < 0.5)
        #expect(r.hits.first?.insideImpactRadius == true)
        r = try f.index.nearby(NearbyQuery(probe: o, radius: 2_000, at: "2026-06-03T00:00:00Z"))
        #expect(!r.hits.contains { $0.item.layer == .reports })
        try f.store.write(WriteContext(actor: "test")) { tx in _ = try tx.delete(f.pipeline, from: Catalog.pipelines) }
        r = try f.index.nearby(NearbyQuery(probe: o, radius: 2_000, at: "2026-06-03T00:00:00Z"))
        #expect(r.hits.isEmpty)
    }
}

@Suite struct SiteCheckTests {
    @Test func aKindergartenInsideASafetyDistanceAndAPipelineCircleIsAConflict() throws {
        let f = try AnalysisFixture()
        let c = try f.index.siteCheck(site: Shape(.point(AnalysisFixture.origin)), use: "kindergarten", at: NearbyTests.now)
        #expect(c.verdict == .conflict)
        #expect(c.protectionClass == "high_sensitivity")
        let conflicts = c.reasons.filter { $0.verdict == .conflict }
        #expect(conflicts.contains { $0.text.contains("甲化工") && $0.text.contains("300.0 m") && $0.hit?.item.id == f.enterprise })
        let pipe = conflicts.first { $0.hit?.item.layer == .pipelines }
        #expect(pipe != nil && pipe!.text.contains("151.6 m") && abs(pipe!.hit!.distance - 140) < 0.5)
        #expect(c.reasons.contains { $0.verdict == .caution && $0.hit?.item.id == f.risk })
        #expect(c.countsWithin.map { $0.byLevel[.major] ?? 0 } == [1, 1, 1])
        #expect(c.nearestFireStation?.item.name == "西站" && abs(c.nearestFireStation!.distance - 1_200) < 0.5)
        #expect(c.nearestShelter?.item.name == "南公园")
        #expect(c.reasons.contains { $0.rule.contains("GB 50413") })
        #expect(!c.reasons.contains { $0.rule.contains("GB 51080") })
    }

    @Test func aWarehouseFarAwayIsClearAndAnUnknownUseIsNamed() throws {
        let f = try AnalysisFixture()
        try f.store.write(WriteContext(actor: "test")) { tx in
            _ = try tx.insert(Feature(geometry: .point(AnalysisFixture.at(5_000, 5_300)), properties: ["name": "东站", "kind": "fire_station_2"]), into: Catalog.resources)
            _ = try tx.insert(Feature(geometry: .point(AnalysisFixture.at(5_000, 4_700)), properties: ["name": "东园", "kind": "shelter_emergency"]), into: Catalog.resources)
        }
        let c = try f.index.siteCheck(site: Shape(.point(AnalysisFixture.at(5_000, 5_000))), use: "warehouse", at: NearbyTests.now)
        #expect(c.verdict == .clear, "\(c.reasons.map(\.text))")
        #expect(throws: AnalysisInputError.self) { try f.index.siteCheck(site: Shape(.point(AnalysisFixture.origin)), use: "casino", at: NearbyTests.now) }
    }

    /// A safety distance of kilometres reaches a site far beyond the rings a check searches (5 km): the far
    /// enterprise 25.5 km away with 26 km is a conflict; with 25 km, clear again.
    @Test func aSafetyDistanceBeyondTheSearchRingsIsSeen() throws {
        let f = try AnalysisFixture()
        try f.store.write(WriteContext(actor: "test")) { tx in
            _ = try tx.insert(Feature(geometry: .point(AnalysisFixture.at(5_000, 5_300)), properties: ["name": "东站", "kind": "fire_station_2"]), into: Catalog.resources)
            _ = try tx.insert(Feature(geometry: .point(AnalysisFixture.at(5_000, 4_700)), properties: ["name": "东园", "kind": "shelter_emergency"]), into: Catalog.resources)
        }
        let far = try f.store.read { try $0.connection.scalar("SELECT fid FROM risk_sources WHERE name = '远处'").intValue! }
        let site = Shape(.point(AnalysisFixture.at(5_000, 5_000)))
        for (distance, verdict) in [(26_000.0, SiteCheck.Verdict.conflict), (25_000, .clear)] {
            try f.store.write(WriteContext(actor: "test")) { tx in
                _ = try tx.update(far, in: Catalog.riskSources, with: Feature(geometry: nil, properties: ["safety_distance_m": .real(distance)]), merge: true)
            }
            let c = try f.index.siteCheck(site: site, use: "warehouse", at: NearbyTests.now)
            #expect(c.verdict == verdict, "\(distance): \(c.reasons.map(\.text))")
            #expect(c.reasons.contains { $0.hit?.item.id == far } == (verdict == .conflict))
        }
    }
}
