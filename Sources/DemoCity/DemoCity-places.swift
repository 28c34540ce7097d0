import GeoKit
import Store

extension DemoCity {
    /// Crowded sites, clustered in the centre; elderly-care homes and religious sites in the exact numbers
    /// of the briefings at suzhou scale.
    func sites() -> [Feature] {
        var rng = SeededRandom(seed: seed, stream: "sites")
        let shares: [(String, Double)] = [
            ("school", 0.13), ("kindergarten", 0.15), ("hospital", 0.04), ("mall", 0.07), ("market", 0.10), ("stadium", 0.01),
            ("station", 0.03), ("hotel", 0.41), ("event_venue", 0.05), ("temporary_event", 0.01),
        ]
        var categories = Array(repeating: "elderly_care", count: scale.elderlyCare) + Array(repeating: "religious", count: scale.religious)
        let rest = scale.sites - categories.count
        for (k, (category, share)) in shares.enumerated() {
            let n = k == shares.count - 1 ? rest - (categories.count - scale.elderlyCare - scale.religious) : Int(Double(rest) * share)
            categories += Array(repeating: category, count: n)
        }
        return categories.enumerated().map { n, category in
            let (x, y) = layout.urbanPoint(&rng, spread: category == "religious" || category == "elderly_care" ? 0.35 : 0.22)
            let (capacity, protection): (Int, String) = switch category {
            case "school": (rng.int(600...3000), "high_sensitivity")
            case "kindergarten": (rng.int(150...500), "high_sensitivity")
            case "hospital": (rng.int(200...3000), "high_sensitivity")
            case "elderly_care": (rng.int(50...600), "high_sensitivity")
            case "mall": (rng.int(2000...20000), "important")
            case "market": (rng.int(300...3000), "important")
            case "religious": (rng.int(100...2000), "important")
            case "stadium": (rng.int(3000...45000), "important")
            case "station": (rng.int(1000...30000), "important")
            case "hotel": (rng.int(100...1500), "general_1")
            case "event_venue": (rng.int(1000...10000), "general_1")
            default: (rng.int(500...20000), "general_2")
            }
            let big = ["stadium", "mall", "event_venue"].contains(category) || (["school", "hospital"].contains(category) && rng.chance(0.3))
            let side = (Double(capacity).squareRoot() * 2.5).clamped(40, 500)
            let geometry: Geometry = big ? .polygon([frame.rectangle(x, y, width: side, height: side * rng.uniform(0.6, 1))])
                                         : .point(frame.lonLat(x, y))
            var properties: [String: Value] = [
                "name": .text(Names.site(category, n, &rng)), "category": .text(category), "capacity": .integer(Int64(capacity)),
                "protection_class": .text(protection), "district": .text(layout.district(at: x, y).name),
            ]
            if category == "temporary_event" {
                let start = rng.int(-20...40)
                properties["valid_from"] = .text(DemoCity.day(offset: start))
                properties["valid_to"] = .text(DemoCity.day(offset: start + rng.int(1...3)))
            }
            return Feature(geometry: geometry, properties: properties)
        }
    }

    /// Fire stations, shelters, depots and rescue teams.
    func resources() -> [Feature] {
        var rng = SeededRandom(seed: seed, stream: "resources")
        var out: [Feature] = []
        func add(_ kind: String, _ count: Int, spread: Double, name: (Int) -> String, capacity: ClosedRange<Int>) {
            for k in 0..<count {
                let (x, y) = layout.urbanPoint(&rng, spread: spread)
                out.append(Feature(geometry: .point(frame.lonLat(x, y)), properties: [
                    "name": .text(name(k)), "kind": .text(kind), "capacity": .integer(Int64(rng.int(capacity))),
                    "district": .text(layout.district(at: x, y).name), "phone": "119",
                ]))
            }
        }
        let f = scale.fireStations
        add("fire_station_1", f * 2 / 5, spread: 0.45, name: { "\(layout.districts[$0 % 9].name)第\($0 / 9 + 1)消防救援站" }, capacity: 30...45)
        add("fire_station_2", f * 3 / 10, spread: 0.5, name: { "\(Names.firmCore(&rng))消防救援站\($0 + 1)" }, capacity: 15...25)
        add("fire_station_small", f - f * 2 / 5 - f * 3 / 10, spread: 0.25, name: { "\(Names.firmCore(&rng))小型消防站\($0 + 1)" }, capacity: 6...12)
        let s = scale.shelters
        add("shelter_emergency", s * 3 / 4, spread: 0.3, name: { "\(Names.firmCore(&rng))应急避难场所\($0 + 1)" }, capacity: 500...3000)
        add("shelter_fixed", s / 5, spread: 0.35, name: { "\(Names.firmCore(&rng))公园固定避难场所\($0 + 1)" }, capacity: 5000...30000)
        add("shelter_central", max(1, s - s * 3 / 4 - s / 5), spread: 0.2, name: { "中心避难场所\($0 + 1)" }, capacity: 30000...100000)
        add("supply_depot", max(2, f / 8), spread: 0.5, name: { "应急物资储备库\($0 + 1)" }, capacity: 1000...20000)
        add("rescue_team", max(2, f / 5), spread: 0.5, name: { "\(Names.firmCore(&rng))专业救援队\($0 + 1)" }, capacity: 20...120)
        return out
    }

    /// Temporary risk reports (动态上报) from enterprises around the demo epoch.
    func reports(_ enterprises: [Enterprise], firstID: Int64) -> [Feature] {
        var rng = SeededRandom(seed: seed, stream: "reports")
        return (0..<scale.reports).map { _ in
            let k = rng.int(0...(enterprises.count - 1))
            let e = enterprises[k]
            let activity = rng.pick(["maintenance", "hot_work", "confined_space_entry", "hoisting", "large_event", "construction"])
            let start = rng.int(-10...30)
            let hours = rng.int(4...240)
            let level = ["major", "significant", "general", "low"][rng.weighted([0.05, 0.35, 0.45, 0.15])]
            return Feature(geometry: .point(frame.lonLat(e.x, e.y)), properties: [
                "reporter": e.feature["name"], "source_id": .integer(firstID + Int64(k)), "activity": .text(activity), "level": .text(level),
                "impact_radius_m": .real(Double(rng.int(5...50) * 10)),
                "valid_from": .text(DemoCity.day(offset: start)),
                "valid_to": .text(Timestamp.format(epochSeconds: Timestamp.parse(DemoCity.day(offset: start))! + Int64(hours) * 3600)),
                "measures": "作业票证审批；现场监护；配备应急器材", "status": .text(start > 0 ? "submitted" : "active"),
            ])
        }
    }
}

extension Double {
    func clamped(_ lo: Double, _ hi: Double) -> Double { Swift.min(Swift.max(self, lo), hi) }
}
