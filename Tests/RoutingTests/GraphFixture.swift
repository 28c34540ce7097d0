import GeoKit
import Routing

/// Hand-built road networks with known shortest paths: nodes on a lon/lat lattice (0.01° apart, about 950 m
/// east–west and 1,110 m north–south at 31° N), roads as straight lines between them.
struct Lattice {
    static func node(_ i: Int, _ j: Int) -> Coordinate { Coordinate(120 + Double(i) * 0.01, 31 + Double(j) * 0.01) }

    var roads: [RoadInput] = []

    mutating func road(_ a: (Int, Int), _ b: (Int, Int), name: String? = nil, speed: Double = 36, oneway: Bool = false, hazmat: Bool = true) {
        roads.append(RoadInput(id: Int64(roads.count + 1), name: name ?? "road \(roads.count + 1)",
                               line: [Self.node(a.0, a.1), Self.node(b.0, b.1)], speedKmh: speed, oneway: oneway, hazmat: hazmat))
    }

    func network(hazards: [Hazard] = []) -> RoutingNetwork { RoutingNetwork(roads: roads, hazards: hazards) }

    static func metres(_ path: [(Int, Int)]) -> Double {
        zip(path, path.dropFirst()).reduce(0) { sum, p in
            let a = node(p.0.0, p.0.1), b = node(p.1.0, p.1.1)
            return sum + LocalMetres(latitude: a.y).distance(a, b)
        }
    }

    /// A corridor west (0,0) – middle (1,0) – east (2,0), and a detour north (0,0)–(0,1)–(1,1)–(2,1)–(2,0).
    static func corridor() -> Lattice {
        var l = Lattice()
        l.road((0, 0), (1, 0), name: "West Street")
        l.road((1, 0), (2, 0), name: "East Street")
        l.road((0, 0), (0, 1), name: "North Lane")
        l.road((0, 1), (1, 1), name: "North Lane")
        l.road((1, 1), (2, 1), name: "North Lane")
        l.road((2, 1), (2, 0), name: "Back Lane")
        return l
    }

    static let detour = [(0, 0), (0, 1), (1, 1), (2, 1), (2, 0)]
}
