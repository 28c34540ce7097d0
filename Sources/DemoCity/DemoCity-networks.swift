import Foundation
import GeoKit
import Store

extension DemoCity {
    /// Pipelines: long-distance gas transmission lines crossing the city (registered in sections, as
    /// operators list them), city-gas mains along streets, and oil and chemical lines in the parks.
    func pipelines(_ grid: RoadGrid) -> [Feature] {
        var rng = SeededRandom(seed: seed, stream: "pipelines")
        let h = scale.halfSize
        let transmissionCount = max(3, scale.pipelines / 20)
        let parkCount = layout.parks.isEmpty ? 0 : max(2, scale.pipelines / 10)
        let cityGasCount = max(0, scale.pipelines - transmissionCount - parkCount)
        var out: [Feature] = []

        // Three trunk lines, sampled every ~200 m with a gentle meander, cut into equal sections.
        let trunks: [(name: String, operator: String, d: Double, p: Double, from: (Double, Double), to: (Double, Double))] = [
            ("西气东输苏州段", "国家管网西气东输公司", 1016, 10, (-h, 0.45 * h), (h, 0.38 * h)),
            ("川气东送苏州支线", "国家管网川气东送公司", 813, 6.3, (-h, -0.9 * h), (0.9 * h, h)),
            ("苏南天然气环网", "江苏省天然气公司", 610, 6.3, (-0.62 * h, h), (-0.55 * h, -h)),
        ]
        for (t, trunk) in trunks.enumerated() {
            let length = hypot(trunk.to.0 - trunk.from.0, trunk.to.1 - trunk.from.1)
            let steps = max(8, Int(length / 200))
            let (nx, ny) = (-(trunk.to.1 - trunk.from.1) / length, (trunk.to.0 - trunk.from.0) / length)
            let phase = rng.uniform(0, 2 * .pi)
            let points = (0...steps).map { s -> Coordinate in
                let f = Double(s) / Double(steps)
                let wobble = 0.03 * h * sin(phase + f * 7)
                return frame.lonLat(trunk.from.0 + f * (trunk.to.0 - trunk.from.0) + nx * wobble,
                                    trunk.from.1 + f * (trunk.to.1 - trunk.from.1) + ny * wobble)
            }
            let sections = transmissionCount / 3 + (t < transmissionCount % 3 ? 1 : 0)
            for k in 0..<sections {
                let a = k * steps / sections, b = (k + 1) * steps / sections
                out.append(Feature(geometry: .lineString(Array(points[a...b])), properties: [
                    "name": .text("\(trunk.name)第\(k + 1)段"), "kind": "gas_transmission", "diameter_mm": .real(trunk.d),
                    "maop_mpa": .real(trunk.p), "medium": "天然气", "operator": .text(trunk.operator), "depth_m": .real(rng.uniform(1.2, 2.0).rounded(to: 0.1)),
                ]))
            }
        }

        // City-gas mains follow a street for 3–15 blocks, mostly in the built-up centre.
        let operators = ["苏州港华燃气有限公司", "华润燃气（苏州）有限公司", "昆山新奥燃气有限公司"]
        for k in 0..<cityGasCount {
            let horizontal = rng.chance(0.5)
            let spread = Double(grid.n) * 0.3
            let line = min(grid.n - 1, max(0, grid.centre + Int(rng.normal() * spread)))
            let length = rng.int(3...15)
            let start = min(grid.n - 1 - length, max(0, grid.centre + Int(rng.normal() * spread)))
            let points = (start...(start + length)).map { s -> Coordinate in
                let p = grid.nodes[horizontal ? grid.node(s, line) : grid.node(line, s)]
                return frame.lonLat(p.x, p.y + 8)  // under the pavement, beside the centre line
            }
            let pressure = [0.4, 0.8, 1.6][rng.weighted([0.6, 0.3, 0.1])]
            out.append(Feature(geometry: .lineString(points), properties: [
                "name": .text("城镇燃气\(pressure >= 0.8 ? "次高压" : "中压")管线\(k + 1)"), "kind": "city_gas",
                "diameter_mm": .real(rng.pick([160, 200, 250, 315, 400])), "maop_mpa": .real(pressure), "medium": "天然气",
                "operator": .text(rng.pick(operators)), "depth_m": .real(rng.uniform(0.8, 1.5).rounded(to: 0.1)),
            ]))
        }

        // Process and product lines inside the parks.
        for k in 0..<parkCount {
            let park = layout.parks[k % layout.parks.count]
            let kind = ["chemical", "chemical", "product_oil", "oil"][rng.weighted([0.5, 0.2, 0.2, 0.1])]
            let n = rng.int(2...4)
            let points = (0..<n).map { _ in frame.lonLat(rng.uniform(park.box.minX, park.box.maxX), rng.uniform(park.box.minY, park.box.maxY)) }
            let (d, p, medium): (Double, Double, String) = switch kind {
            case "oil": (508, 6.0, "原油")
            case "product_oil": (323, 8.0, rng.pick(["汽油", "柴油", "航空煤油"]))
            default: (Double(rng.pick([50, 80, 100, 150, 200, 300])), rng.uniform(1, 4).rounded(to: 0.1), rng.pick(["乙烯", "丙烯", "氯气", "液氨", "甲醇", "苯"]))
            }
            out.append(Feature(geometry: .lineString(points), properties: [
                "name": .text("\(park.name)\(medium)管线\(k + 1)"), "kind": .text(kind), "diameter_mm": .real(d), "maop_mpa": .real(p),
                "medium": .text(medium), "operator": .text("\(park.name)公用管廊公司"), "depth_m": .real(0),
            ]))
        }
        return out
    }
}
