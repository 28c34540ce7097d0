import Analysis
import Foundation
import GeoKit
import RiskModel
import Store
import Testing

/// The nearby search's short cuts (boxes, layers and levels read from flat arrays, distances on the plane, the
/// k-th nearest by selection) against a plain answer: every feature of a random neighbourhood measured exactly,
/// filtered and sorted. Points, polygons and lines; levels from the stored colours; reports inside, before and
/// after their window, and closed ones.
@Suite struct NearbyScanTests {
    static let now = "2026-06-01T00:00:00Z"

    struct Known {
        let layer: HazardLayer
        let id: Int64
        let shape: Shape
        let level: RiskLevel?
        let active: Bool
    }

    @Test func theSearchEqualsMeasuringEveryFeature() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-nearby-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true)
        var seed: UInt64 = 42
        func random() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        func somewhere() -> Coordinate { AnalysisFixture.at((random() - 0.5) * 6_000, (random() - 0.5) * 6_000) }
        func square(_ c: Coordinate, _ half: Double) -> Geometry {
            let p = LocalPlane(origin: c)
            return .polygon([[p.unproject(-half, -half), p.unproject(half, -half), p.unproject(half, half), p.unproject(-half, half), p.unproject(-half, -half)]])
        }
        let levels = RiskLevel.allCases
        var known: [Known] = []
        var sources: [(Int64, Geometry)] = []
        try store.write(WriteContext(actor: "test")) { tx in
            for i in 0..<120 {
                let g: Geometry = i % 4 == 0 ? square(somewhere(), 40 + random() * 200) : .point(somewhere())
                sources.append((try tx.insert(Feature(geometry: g, properties: ["name": .text("企业\(i)"), "sector": "gas"]), into: Catalog.riskSources).id!, g))
            }
            for i in 0..<400 {
                let level = levels[i % 4]
                let at = somewhere()
                let id = try tx.insert(Feature(geometry: .point(at), properties: ["source_id": .integer(sources[i % sources.count].0),
                                                                                 "name": .text("风险\(i)"), "level": .text(level.rawValue)]),
                                       into: Catalog.risks).id!
                known.append(Known(layer: .risks, id: id, shape: Shape(.point(at)), level: level, active: true))
            }
            for i in 0..<30 {
                let a = somewhere(), b = somewhere()
                let g = Geometry.lineString([a, Coordinate((a.x + b.x) / 2, a.y), b])
                let id = try tx.insert(Feature(geometry: g, properties: ["name": .text("管道\(i)"), "kind": "city_gas", "diameter_mm": 300, "maop_mpa": 0.4]),
                                       into: Catalog.pipelines).id!
                known.append(Known(layer: .pipelines, id: id, shape: Shape(g), level: nil, active: true))
            }
            for i in 0..<80 {
                let (from, to) = [("2026-05-31T00:00:00Z", "2026-06-02T00:00:00Z"), ("2026-06-01T00:00:00Z", "2026-06-03T00:00:00Z"),
                                  ("2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z"), ("2026-07-01T00:00:00Z", "2026-07-02T00:00:00Z")][i % 4]
                let status = i % 5 == 0 ? "closed" : "active"
                let g: Geometry = i % 3 == 0 ? square(somewhere(), 60) : .point(somewhere())
                let level = levels[i % 4]
                let id = try tx.insert(Feature(geometry: g, properties: ["reporter": "乙公司", "activity": "hot_work", "level": .text(level.rawValue),
                                                                        "status": .text(status), "valid_from": .text(from), "valid_to": .text(to)]),
                                       into: Catalog.reports).id!
                known.append(Known(layer: .reports, id: id, shape: Shape(g), level: level,
                                   active: status == "active" && from <= Self.now && to > Self.now))
            }
            for i in 0..<150 {
                let windowed = i % 6 == 0
                let g: Geometry = i % 5 == 0 ? square(somewhere(), 80) : .point(somewhere())
                var properties: [String: Value] = ["name": .text("场所\(i)"), "category": "mall"]
                if windowed { (properties["valid_from"], properties["valid_to"]) = ("2026-07-01T00:00:00Z", "2026-07-02T00:00:00Z") }
                let id = try tx.insert(Feature(geometry: g, properties: properties), into: Catalog.sites).id!
                known.append(Known(layer: .sites, id: id, shape: Shape(g), level: nil, active: !windowed))
            }
        }
        // Enterprises take their level from their risks' colours, as stored.
        let colours = try store.read { r in try r.features(in: Catalog.riskSources, bbox: BBox(minX: -180, minY: -90, maxX: 180, maxY: 90)) }
        for f in colours {
            let level = f.properties["colour"]?.textValue.flatMap(RiskColour.init(rawValue:)).map { RiskLevel.allCases[$0.rank] }
            let g = try #require(sources.first { $0.0 == f.id }?.1)
            known.append(Known(layer: .riskSources, id: f.id!, shape: Shape(g), level: level, active: true))
        }
        let index = HazardIndex(store: store)
        store.follow(index)

        var (found, cut) = (0, 0)
        for round in 0..<60 {
            let probe = round % 5 == 4 ? Shape(square(somewhere(), 150)) : Shape(.point(somewhere()))
            let radius = 200 + random() * 2_800
            let limit = 1 + Int(random() * 40)
            let layers = round % 3 == 0 ? [HazardLayer.risks, .reports] : HazardLayer.hazards
            let wanted: Set<RiskLevel>? = round % 4 == 1 ? [.major, .significant] : nil
            let answer = try index.nearby(NearbyQuery(probe: probe, radius: radius, layers: layers, levels: wanted, limit: limit, at: Self.now))

            let b = probe.bbox
            let plane = LocalPlane(origin: Coordinate((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2))
            let plain = known.filter { k in
                k.active && layers.contains(k.layer) && (wanted.map { w in k.level.map(w.contains) ?? false } ?? true)
            }.map { ($0, Separation.between(probe, $0.shape, plane: plane).distance) }.filter { $0.1 <= radius }
                .sorted { ($0.1, $0.0.layer.rawValue, $0.0.id) < ($1.1, $1.0.layer.rawValue, $1.0.id) }
            (found, cut) = (found + plain.count, cut + (plain.count > limit ? 1 : 0))
            #expect(answer.matched == plain.count, "round \(round)")
            #expect(answer.hits.map { "\($0.item.layer.rawValue).\($0.item.id)" } == plain.prefix(limit).map { "\($0.0.layer.rawValue).\($0.0.id)" },
                    "round \(round): radius \(radius), limit \(limit)")
            #expect(zip(answer.hits, plain).allSatisfy { abs($0.distance - $1.1) < 1e-6 }, "round \(round)")
        }
        #expect(found > 1_000 && cut > 20, "\(found) found, \(cut) answers cut by their limit: the neighbourhood is too sparse to test")
    }
}
