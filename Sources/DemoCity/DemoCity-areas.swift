import GeoKit
import Store

extension DemoCity {
    /// The city, its districts, their towns and the chemical parks. Areas are written first, so the city is
    /// fid 1, the districts 2…10, and a town's parent is its district's fid.
    func areas() -> [Feature] {
        func polygon(_ b: BBox) -> Geometry {
            .multiPolygon([[[frame.lonLat(b.minX, b.minY), frame.lonLat(b.maxX, b.minY), frame.lonLat(b.maxX, b.maxY),
                             frame.lonLat(b.minX, b.maxY), frame.lonLat(b.minX, b.minY)]]])
        }
        let h = scale.halfSize
        var out = [Feature(geometry: polygon(BBox(minX: -h, minY: -h, maxX: h, maxY: h)),
                           properties: ["name": "苏州市", "level": "city", "code": "320500"])]
        for d in layout.districts {
            out.append(Feature(geometry: polygon(d.box), properties: ["name": .text(d.name), "level": "district", "code": .text(d.code), "parent_id": 1]))
        }
        for (k, d) in layout.districts.enumerated() {
            for (t, town) in d.towns.enumerated() {
                out.append(Feature(geometry: polygon(town.box), properties: [
                    "name": .text(town.name), "level": "town", "code": .text("\(d.code)\(Self.threeDigits(t + 1))"), "parent_id": .integer(Int64(k + 2)),
                ]))
            }
        }
        for park in layout.parks {
            let d = layout.districts.firstIndex { $0.box.contains(park.box.center) } ?? 4
            out.append(Feature(geometry: polygon(park.box), properties: ["name": .text(park.name), "level": "park", "parent_id": .integer(Int64(d + 2))]))
        }
        return out
    }

    /// Three digits with leading zeros, as town codes are written.
    static func threeDigits(_ v: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, 3 - s.count)) + s
    }

    func roads(_ grid: RoadGrid) -> [Feature] {
        grid.edges().map { e in
            let a = grid.nodes[e.from], b = grid.nodes[e.to]
            return Feature(geometry: .lineString([frame.lonLat(a.x, a.y), frame.lonLat(b.x, b.y)]), properties: [
                "name": .text(e.name), "class": .text(e.roadClass), "speed_kmh": .real(e.speed), "oneway": e.oneway ? 1 : 0,
                "hazmat": e.hazmat ? 1 : 0, "from_node": .integer(Int64(e.from + 1)), "to_node": .integer(Int64(e.to + 1)),
            ])
        }
    }
}

