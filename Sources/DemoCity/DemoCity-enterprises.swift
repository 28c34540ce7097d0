import Foundation
import GeoKit
import Store

extension DemoCity {
    struct Enterprise {
        let feature: Feature
        let sector: String
        let x: Double
        let y: Double
        /// How strongly this enterprise attracts severe risks (hazardous sectors and graded hazards more).
        let severity: Double
    }

    /// Sector shares roughly as Jiangsu's reports show them: many small industry-and-trade firms, fewer
    /// hazardous-chemical ones, most of those inside chemical parks.
    static let sectorShares: [(String, Double)] = [
        ("industry_trade", 0.30), ("confined_space", 0.18), ("dust_explosion", 0.10), ("construction", 0.10),
        ("hazardous_chemicals", 0.08), ("crowded_place", 0.08), ("gas", 0.05), ("metallurgy", 0.04), ("transport", 0.04),
        ("ammonia_refrigeration", 0.03),
    ]
    static let severityBySector: [String: Double] = [
        "hazardous_chemicals": 6, "metallurgy": 4, "gas": 4, "ammonia_refrigeration": 3, "dust_explosion": 2.5,
        "construction": 1.5, "transport": 1.5, "crowded_place": 1.2, "confined_space": 1, "industry_trade": 0.6,
    ]

    func enterprises() -> [Enterprise] {
        var rng = SeededRandom(seed: seed, stream: "risk_sources")
        let weights = Self.sectorShares.map(\.1)
        return (0..<scale.enterprises).map { n in
            let sector = Self.sectorShares[rng.weighted(weights)].0
            let inPark = !layout.parks.isEmpty && (sector == "hazardous_chemicals" ? rng.chance(0.6) : sector == "metallurgy" && rng.chance(0.3))
            let (x, y): (Double, Double)
            if inPark {
                let park = rng.pick(layout.parks).box
                (x, y) = (rng.uniform(park.minX, park.maxX), rng.uniform(park.minY, park.maxY))
            } else {
                (x, y) = layout.urbanPoint(&rng, spread: sector == "crowded_place" ? 0.2 : 0.4)
            }
            let grade: Int? = {
                let p = sector == "hazardous_chemicals" ? 0.35 : (["metallurgy", "ammonia_refrigeration", "gas"].contains(sector) ? 0.1 : 0)
                guard rng.chance(p) else { return nil }
                return [1, 2, 3, 4][rng.weighted([0.05, 0.15, 0.35, 0.45])]
            }()
            let district = layout.district(at: x, y)
            let words = Names.sectors[sector]!
            let big = grade != nil || (["hazardous_chemicals", "metallurgy"].contains(sector) && rng.chance(0.3))
            let geometry: Geometry = big
                ? .polygon([frame.rectangle(x, y, width: rng.uniform(80, 400), height: rng.uniform(60, 300))])
                : .point(frame.lonLat(x, y))
            var properties: [String: Value] = [
                "name": .text("\(rng.pick(Names.cities))\(Names.firmCore(&rng))\(rng.pick(words.firm))有限公司"),
                "credit_code": .text(CreditCode.make(region: district.code, serial: n)),
                "sector": .text(sector),
                "district": .text(district.name),
                "town": .text(layout.town(at: x, y)),
                "safety_score": .integer(rng.chance(0.7) ? 12 : Int64(12 - rng.int(1...9))),
            ]
            if let grade {
                let (lo, hi): (Double, Double) = [1: (100, 300), 2: (50, 100), 3: (10, 50), 4: (1, 10)][grade]!
                properties["hazard_grade"] = .integer(Int64(grade))
                properties["hazard_r"] = .real((rng.uniform(lo, hi) * 10).rounded() / 10)
                properties["safety_distance_m"] = .real([1: 1000.0, 2: 600, 3: 300, 4: 150][grade]! * rng.uniform(0.8, 1.2).rounded(to: 0.05))
            }
            let severity = Self.severityBySector[sector]! * (grade.map { 5.0 - Double($0) } ?? 1)
            return Enterprise(feature: Feature(geometry: geometry, properties: properties), sector: sector, x: x, y: y, severity: severity)
        }
    }

    /// Every enterprise reports at least one risk; the rest go preferentially to hazardous enterprises, and
    /// major risks to the most hazardous ones.
    func risks(_ enterprises: [Enterprise], firstID: Int64) -> [Feature] {
        var rng = SeededRandom(seed: seed, stream: "risks")
        var owners = Array(enterprises.indices)
        let extra = max(0, scale.risks - enterprises.count)
        let severities = enterprises.map(\.severity)
        let cumulative = severities.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
        for _ in 0..<extra { owners.append(Self.draw(cumulative, &rng)) }
        var levels = Array(repeating: "major", count: scale.majorRisks) + Array(repeating: "significant", count: scale.significantRisks)
            + Array(repeating: "general", count: scale.generalRisks) + Array(repeating: "low", count: scale.lowRisks)
        levels = Array(levels.prefix(owners.count))
        // Sort owners by severity (with noise) so that the major risks fall on the most hazardous enterprises.
        let keys = owners.map { severities[$0] * rng.uniform(0.3, 1.7) }
        let order = owners.indices.sorted { keys[$0] != keys[$1] ? keys[$0] > keys[$1] : $0 < $1 }
        var out: [Feature] = []
        out.reserveCapacity(levels.count)
        for (k, slot) in order.enumerated() where k < levels.count {
            let e = enterprises[owners[slot]]
            let risk = rng.pick(Names.sectors[e.sector]!.risks)
            let level = levels[k]
            var properties: [String: Value] = [
                "source_id": .integer(firstID + Int64(owners[slot])), "name": .text(risk.name), "level": .text(level),
                "place": .text(risk.place), "part": .text(risk.part), "measures": .text(risk.measures),
                "responsible": .text(Names.person(&rng)), "phone": .text(Names.phone(&rng)),
                "reported_on": .text(String(format: "2020-%02d-%02d", rng.int(6...12), rng.int(1...28))),
            ]
            if rng.chance(0.4) {
                let base = ["major": 1000.0, "significant": 400, "general": 150, "low": 50][level]!
                properties["impact_radius_m"] = .real((base * rng.uniform(0.5, 1.5)).rounded(to: 10))
            }
            if e.sector == "construction", rng.chance(0.3) {
                let start = rng.int(0...60)
                properties["valid_from"] = .text(DemoCity.day(offset: start - 30))
                properties["valid_to"] = .text(DemoCity.day(offset: start - 30 + rng.int(7...120)))
            }
            let dx = rng.uniform(-60, 60), dy = rng.uniform(-60, 60)
            out.append(Feature(geometry: .point(frame.lonLat(e.x + dx, e.y + dy)), properties: properties))
        }
        // Keep the stored order by source, as a register lists them.
        return out.sorted { ($0["source_id"].intValue!, $0["name"].textValue!) < ($1["source_id"].intValue!, $1["name"].textValue!) }
    }

    private static func draw(_ cumulative: [Double], _ rng: inout SeededRandom) -> Int {
        let r = rng.unit() * cumulative.last!
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > r { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Midnight UTC `offset` days from the demo epoch.
    static func day(offset: Int) -> String {
        Timestamp.format(epochSeconds: Timestamp.parse(epoch)! + Int64(offset) * 86_400)
    }
}

extension Double {
    func rounded(to step: Double) -> Double { (self / step).rounded() * step }
}
