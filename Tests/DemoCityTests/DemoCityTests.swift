import Foundation
import GeoKit
import Testing
import RiskGrid
import RiskModel
@_spi(RawSQL) import Store
@testable import DemoCity

/// Builds a small demo city in a temporary directory; removed when released.
final class DemoDatabase {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-demo-\(UUID().uuidString)")
    let store: Store

    init(seed: UInt64, scale: DemoScale = .small) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store(path: dir.appendingPathComponent("demo.sqlite").path, create: true, observers: [EnterpriseColours()])
        try DemoCity(scale: scale, seed: seed).write(into: store)
    }

    func digests() throws -> [String: UInt64] {
        try store.read { r in Dictionary(uniqueKeysWithValues: try Catalog.layers.map { ($0.name, try r.digest($0)) }) }
    }

    func column<T: Sendable>(_ sql: String, _ read: @escaping @Sendable (Statement) -> T) throws -> [T] {
        try store.read { r in
            let s = try r.connection.prepare(sql)
            var out: [T] = []
            while try s.step() { out.append(read(s)) }
            return out
        }
    }

    deinit { try? FileManager.default.removeItem(at: dir) }
}

@Suite struct DemoCityTests {
    @Test func sameSeedSameCityOtherSeedOtherCity() throws {
        let a = try DemoDatabase(seed: 7), b = try DemoDatabase(seed: 7), c = try DemoDatabase(seed: 8)
        let (da, db, dc) = (try a.digests(), try b.digests(), try c.digests())
        #expect(da == db)
        for layer in ["roads", "risk_sources", "risks", "sites", "pipelines", "resources"] {
            #expect(da[layer] != dc[layer], "\(layer) did not change with the seed")
        }
    }

    @Test func smallCityHasEveryLayerInItsPlannedNumbers() throws {
        let demo = try DemoDatabase(seed: 1)
        let scale = DemoScale.small
        let counts = try demo.store.read { r in Dictionary(uniqueKeysWithValues: try Catalog.layers.map { ($0.name, try r.count($0)) }) }
        #expect(counts["risk_sources"] == scale.enterprises)
        #expect(counts["risks"] == scale.risks)
        #expect(counts["sites"] == scale.sites)
        #expect(counts["pipelines"] == scale.pipelines)
        #expect(counts["reports"] == scale.reports)
        #expect(counts["roads"]! >= 2 * scale.gridNodes * (scale.gridNodes - 1))
        #expect(counts["areas"] == 1 + 9 + 36 + scale.chemicalParks)
        let levels = try demo.store.read { try $0.counts(Catalog.risks, by: "level") }
        #expect(levels == ["major": scale.majorRisks, "significant": scale.significantRisks, "general": scale.generalRisks, "low": scale.lowRisks])
        let sites = try demo.store.read { try $0.counts(Catalog.sites, by: "category") }
        #expect(sites["elderly_care"] == scale.elderlyCare)
        #expect(sites["religious"] == scale.religious)
    }

    @Test func suzhouScaleCarriesTheBriefingFigures() {
        let s = DemoScale.suzhou
        #expect(s.enterprises == 73_728)
        #expect(s.majorRisks + s.significantRisks == 97_515)
        #expect(s.elderlyCare == 163 && s.religious == 303)
        #expect(2 * s.gridNodes * (s.gridNodes - 1) > 300_000)
    }

    @Test func everyEnterpriseReportsARiskAndIsColouredByItsRisks() throws {
        let demo = try DemoDatabase(seed: 3)
        let rows = try demo.column("""
            SELECT s.colour, s.hazard_grade, s.risk_count, count(r.fid),
                   min(CASE r.level WHEN 'major' THEN 0 WHEN 'significant' THEN 1 WHEN 'general' THEN 2 ELSE 3 END)
            FROM risk_sources s LEFT JOIN risks r ON r.source_id = s.fid GROUP BY s.fid
            """) { s in (s.text(0), s.isNull(1) ? nil : Int(s.int64(1)), s.int64(2), s.int64(3), Int(s.int64(4))) }
        for (colour, grade, riskCount, counted, worst) in rows {
            #expect(counted >= 1)
            #expect(riskCount == counted)
            let expected = ColourRules.standard.colour(worstLevel: RiskLevel(rank: worst), hazardGrade: grade, safetyScore: 12)
            #expect(colour == expected.rawValue)
        }
        #expect(Set(rows.map(\.0)) == ["red", "orange", "yellow", "blue"])
    }

    @Test func creditCodesAreValidAndUnique() throws {
        let demo = try DemoDatabase(seed: 1)
        let codes = try demo.column("SELECT credit_code FROM risk_sources") { $0.text(0)! }
        #expect(Set(codes).count == codes.count)
        for code in codes { #expect(CreditCode.isValid(code), "\(code)") }
        // A published example of the check digit: 91350100M000100Y43 (GB 32100-2015 annex example form).
        #expect(CreditCode.check("91350100M000100Y4") == "3")
    }

    /// The road graph is one connected component, so any two places can be routed between.
    @Test func roadNetworkIsConnectedAndHasOneWayStreets() throws {
        let demo = try DemoDatabase(seed: 1)
        let edges = try demo.column("SELECT from_node, to_node, oneway FROM roads") { (Int($0.int64(0)), Int($0.int64(1)), $0.int64(2) == 1) }
        var adjacency: [Int: [Int]] = [:]
        for (a, b, _) in edges {
            adjacency[a, default: []].append(b)
            adjacency[b, default: []].append(a)
        }
        var seen: Set<Int> = [edges[0].0]
        var queue = [edges[0].0]
        while let n = queue.popLast() {
            for m in adjacency[n] ?? [] where seen.insert(m).inserted { queue.append(m) }
        }
        #expect(seen.count == adjacency.count)
        #expect(edges.contains { $0.2 }, "no one-way street")
        #expect(Set(try demo.column("SELECT class FROM roads") { $0.text(0)! }).isSuperset(of: ["motorway", "trunk", "secondary", "tertiary", "residential"]))
    }

    /// The centre is denser than the outskirts, and hazardous chemicals cluster in the parks.
    @Test func spatialStructureIsRealistic() throws {
        let demo = try DemoDatabase(seed: 1, scale: .city)
        let centre = DemoCity.centre
        let inner = BBox(minX: centre.x - 0.05, minY: centre.y - 0.05, maxX: centre.x + 0.05, maxY: centre.y + 0.05)
        let sites = try demo.store.read { try $0.features(in: Catalog.sites, bbox: inner).count }
        // The inner box is ~4% of the city's area; it must hold far more than 4% of the sites.
        #expect(Double(sites) > 0.2 * Double(DemoScale.city.sites))
        let parks = try demo.column("SELECT count(*) FROM risk_sources s, areas a WHERE a.level = 'park' AND s.sector = 'hazardous_chemicals' AND ST_Intersects(s.geom, a.geom)") { $0.int64(0) }
        let chemicals = try demo.store.read { try $0.counts(Catalog.riskSources, by: "sector")["hazardous_chemicals"]! }
        #expect(Double(parks[0]) > 0.4 * Double(chemicals))
        let withinCity = try demo.column("SELECT count(*) FROM risks r, areas a WHERE a.level = 'city' AND ST_Within(r.geom, a.geom)") { $0.int64(0) }
        #expect(withinCity[0] == Int64(DemoScale.city.risks))
    }

    @Test func refusesADatabaseThatAlreadyHoldsFeatures() throws {
        let demo = try DemoDatabase(seed: 1)
        #expect(throws: StoreError.self) { try DemoCity(scale: .small, seed: 2).write(into: demo.store) }
    }
}
