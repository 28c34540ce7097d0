import GeoKit

/// The demo road network: an n × n grid of streets, denser in the centre, with arterials every fourth and
/// sixteenth line, two central axes, square ring roads and four diagonal expressways. Every edge joins two
/// grid nodes, so the network is connected and its topology (from_node/to_node) is exact.
struct RoadGrid {
    struct Edge {
        let from: Int
        let to: Int
        let roadClass: String
        let name: String
        let speed: Double
        let oneway: Bool
        let hazmat: Bool
    }

    let n: Int
    let centre: Int
    /// Node positions in metres, index j·n + i (i west→east, j south→north).
    let nodes: [(x: Double, y: Double)]
    let rings: [Int]

    init(scale: DemoScale, rng: inout SeededRandom) {
        let n = scale.gridNodes
        self.n = n
        centre = n / 2
        let half = scale.halfSize
        // x = half·(a·u + (1−a)·u³): blocks near the centre are about a/(mean) of the average, outer ones ~2×.
        func warp(_ k: Int) -> Double {
            let u = Double(k) / Double(n - 1) * 2 - 1
            return half * 0.95 * (0.45 * u + 0.55 * u * u * u)
        }
        var nodes: [(x: Double, y: Double)] = []
        nodes.reserveCapacity(n * n)
        for j in 0..<n {
            for i in 0..<n {
                let spacing = (warp(min(i + 1, n - 1)) - warp(max(i - 1, 0))) / 2
                let jitter = (i == n / 2 || j == n / 2) ? 0 : 0.12 * spacing
                nodes.append((warp(i) + rng.uniform(-jitter, jitter), warp(j) + rng.uniform(-jitter, jitter)))
            }
        }
        self.nodes = nodes
        rings = [0.12, 0.3, 0.55, 0.8].map { Int(Double(n / 2) * $0) }.filter { $0 > 1 }
    }

    func node(_ i: Int, _ j: Int) -> Int { j * n + i }

    /// Every edge, in a fixed order.
    func edges() -> [Edge] {
        var out: [Edge] = []
        out.reserveCapacity(2 * n * (n - 1) + 4 * n)
        for j in 0..<n {
            for i in 0..<(n - 1) { out.append(street(horizontal: true, line: j, at: i)) }
        }
        for i in 0..<n {
            for j in 0..<(n - 1) { out.append(street(horizontal: false, line: i, at: j)) }
        }
        // Diagonal expressways from the second ring outwards, one per quadrant.
        let start = rings.count > 1 ? rings[1] : 1
        for (q, (di, dj)) in [(1, 1), (-1, 1), (-1, -1), (1, -1)].enumerated() {
            var k = start
            while centre + (k + 1) * di >= 0, centre + (k + 1) * di < n, centre + (k + 1) * dj >= 0, centre + (k + 1) * dj < n {
                out.append(Edge(from: node(centre + k * di, centre + k * dj), to: node(centre + (k + 1) * di, centre + (k + 1) * dj),
                                roadClass: "motorway", name: Names.radials[q], speed: 100, oneway: false, hazmat: true))
                k += 1
            }
        }
        return out
    }

    /// The edge of a grid line: `line` is the row (horizontal) or column, `at` the position along it.
    private func street(horizontal: Bool, line: Int, at k: Int) -> Edge {
        let (a, b) = horizontal ? (node(k, line), node(k + 1, line)) : (node(line, k), node(line, k + 1))
        // On ring r when the line lies r from the centre and both ends are within r along it (a square ring).
        let along = max(abs(k - centre), abs(k + 1 - centre))
        let ring = rings.firstIndex(of: abs(line - centre)).flatMap { along <= rings[$0] ? $0 : nil }
        let offset = line - centre
        let inCore = abs(offset) < n / 6 && abs(k - centre) < n / 6
        if let ring {
            return Edge(from: a, to: b, roadClass: ring == 0 ? "trunk" : "motorway", name: Names.roadRings[ring],
                        speed: ring == 0 ? 60 : 80, oneway: false, hazmat: ring >= 2)
        }
        if offset == 0 {
            return Edge(from: a, to: b, roadClass: "trunk", name: Names.axes[horizontal ? 1 : 0], speed: 60, oneway: false, hazmat: !inCore)
        }
        let name = horizontal ? "纬\(chineseNumber(abs(offset)))\(offset > 0 ? "北" : "南")路" : "经\(chineseNumber(abs(offset)))\(offset > 0 ? "东" : "西")路"
        if offset % 16 == 0 { return Edge(from: a, to: b, roadClass: "primary", name: name, speed: 60, oneway: false, hazmat: !inCore) }
        if offset % 4 == 0 { return Edge(from: a, to: b, roadClass: "secondary", name: name, speed: 50, oneway: false, hazmat: !inCore) }
        // Old-town side streets are one-way, alternating direction from one street to the next.
        if inCore, offset % 2 != 0 {
            let forward = (offset / 2) % 2 == 0
            return Edge(from: forward ? a : b, to: forward ? b : a, roadClass: "residential", name: name, speed: 30, oneway: true, hazmat: false)
        }
        return Edge(from: a, to: b, roadClass: offset % 2 == 0 ? "tertiary" : "residential", name: name,
                    speed: offset % 2 == 0 ? 40 : 30, oneway: false, hazmat: !inCore)
    }

    private func chineseNumber(_ v: Int) -> String {
        let digits = Array("零一二三四五六七八九")
        if v < 10 { return String(digits[v]) }
        if v < 20 { return "十" + (v % 10 == 0 ? "" : String(digits[v % 10])) }
        if v < 100 { return String(digits[v / 10]) + "十" + (v % 10 == 0 ? "" : String(digits[v % 10])) }
        return String(v)
    }
}
