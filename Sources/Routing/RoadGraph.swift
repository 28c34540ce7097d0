import GeoKit

/// The road network as a directed graph in compressed sparse rows: nodes are the roads' end points (lines that
/// end at the same coordinate meet there), and each road gives an arc along its line and, unless one-way, one
/// against it. Arcs are numbered in order of their tail node, so the arcs leaving node n are
/// `outStart[n]..<outStart[n+1]`; the arcs entering n are listed by id in `inArcs[inStart[n]..<inStart[n+1]]`.
/// Costs live per road (metres, seconds), so a request's mask is one multiplier per road.
public struct RoadGraph: Sendable {
    public let nodes: [Coordinate]
    let outStart: [Int32]
    let arcTail: [Int32]
    let arcHead: [Int32]
    let arcRoad: [Int32]
    let inStart: [Int32]
    let inArcs: [Int32]

    public let roadIDs: [Int64]
    public let roadNames: [String?]
    let roadHazmat: [Bool]
    public let roadMetres: [Double]
    public let roadSeconds: [Double]
    /// The arc along each road's line, and the one against it (-1 for a one-way road).
    let roadAlong: [Int32]
    let roadAgainst: [Int32]
    /// Road r's line is `points[lineStart[r]..<lineStart[r+1]]`.
    let lineStart: [Int32]
    let points: [Coordinate]

    public var roadCount: Int { roadIDs.count }
    public var arcCount: Int { arcHead.count }

    private struct NodeKey: Hashable {
        let x: Int64, y: Int64
        init(_ c: Coordinate) {
            x = Int64((c.x * 1e7).rounded())
            y = Int64((c.y * 1e7).rounded())
        }
    }

    public init(roads given: [RoadInput]) {
        // Roads numbered along the same Hilbert curve as the nodes (by their first point), so the per-road arrays a
        // search reads for each arc it relaxes (the road's cost, the request's mask) are read near where they were
        // last read, not at random: the roads' own order (an import's) says nothing of where they lie.
        let drawn = given.filter { $0.line.count >= 2 }
        let input = Self.hilbertOrder(drawn.map { $0.line[0] }).map { drawn[$0] }
        var nodeOf: [NodeKey: Int32] = [:]
        var nodes: [Coordinate] = []
        func node(_ c: Coordinate) -> Int32 {
            let k = NodeKey(c)
            if let n = nodeOf[k] { return n }
            nodes.append(c)
            nodeOf[k] = Int32(nodes.count - 1)
            return Int32(nodes.count - 1)
        }
        var ids: [Int64] = [], names: [String?] = [], hazmat: [Bool] = [], metres: [Double] = [], seconds: [Double] = []
        var lineStart: [Int32] = [0], points: [Coordinate] = []
        var tails: [Int32] = [], heads: [Int32] = [], roads: [Int32] = [], alongs: [Bool] = []
        for road in input {
            let r = Int32(ids.count)
            ids.append(road.id)
            names.append(road.name)
            hazmat.append(road.hazmat)
            var length = 0.0
            for (a, b) in zip(road.line, road.line.dropFirst()) { length += LocalMetres(latitude: a.y).distance(a, b) }
            metres.append(length)
            seconds.append(length / (max(road.speedKmh, 1) / 3.6))
            points += road.line
            lineStart.append(Int32(points.count))
            let tail = node(road.line.first!), head = node(road.line.last!)
            tails.append(tail); heads.append(head); roads.append(r); alongs.append(true)
            if !road.oneway { tails.append(head); heads.append(tail); roads.append(r); alongs.append(false) }
        }
        // Nodes renumbered along a Hilbert curve, so nodes near each other on the map sit near each other in the
        // arrays a search touches (its cost, heap and landmark rows): a search then misses the cache far less.
        let order = Self.hilbertOrder(nodes)
        var renumbered = [Int32](repeating: 0, count: nodes.count)
        for (new, old) in order.enumerated() { renumbered[old] = Int32(new) }
        nodes = order.map { nodes[$0] }
        tails = tails.map { renumbered[Int($0)] }
        heads = heads.map { renumbered[Int($0)] }
        // Arcs numbered by tail (a counting sort); each road then learns its arcs' numbers.
        var outStart = [Int32](repeating: 0, count: nodes.count + 1)
        for t in tails { outStart[Int(t) + 1] += 1 }
        for n in 0..<nodes.count { outStart[n + 1] += outStart[n] }
        var next = outStart
        var arcTail = [Int32](repeating: 0, count: tails.count), arcHead = arcTail, arcRoad = arcTail
        var along = [Int32](repeating: -1, count: ids.count), against = along
        for i in tails.indices {
            let a = Int(next[Int(tails[i])])
            next[Int(tails[i])] += 1
            arcTail[a] = tails[i]; arcHead[a] = heads[i]; arcRoad[a] = roads[i]
            if alongs[i] { along[Int(roads[i])] = Int32(a) } else { against[Int(roads[i])] = Int32(a) }
        }
        var inStart = [Int32](repeating: 0, count: nodes.count + 1)
        for h in arcHead { inStart[Int(h) + 1] += 1 }
        for n in 0..<nodes.count { inStart[n + 1] += inStart[n] }
        var inNext = inStart
        var inArcs = [Int32](repeating: 0, count: arcHead.count)
        for a in arcHead.indices {
            let h = Int(arcHead[a])
            inArcs[Int(inNext[h])] = Int32(a)
            inNext[h] += 1
        }
        self.nodes = nodes
        self.outStart = outStart
        self.arcTail = arcTail
        self.arcHead = arcHead
        self.arcRoad = arcRoad
        self.inStart = inStart
        self.inArcs = inArcs
        roadIDs = ids
        roadNames = names
        roadHazmat = hazmat
        roadMetres = metres
        roadSeconds = seconds
        roadAlong = along
        roadAgainst = against
        self.lineStart = lineStart
        self.points = points
    }

    /// The nodes' indices in the order of their positions along a Hilbert curve over their box (2^16 cells a side).
    static func hilbertOrder(_ nodes: [Coordinate]) -> [Int] {
        var box = BBox.empty
        for c in nodes { box.extend(c) }
        let side = Double(1 << 16) - 1
        let sx = box.maxX > box.minX ? side / (box.maxX - box.minX) : 0, sy = box.maxY > box.minY ? side / (box.maxY - box.minY) : 0
        let keys = nodes.map { c -> UInt64 in
            var x = UInt32((c.x - box.minX) * sx), y = UInt32((c.y - box.minY) * sy)
            var d: UInt64 = 0
            var s: UInt32 = 1 << 15
            while s > 0 {
                let rx: UInt32 = x & s != 0 ? 1 : 0, ry: UInt32 = y & s != 0 ? 1 : 0
                d += UInt64(s) * UInt64(s) * UInt64((3 * rx) ^ ry)
                if ry == 0 {
                    if rx == 1 { (x, y) = (UInt32(side) - x, UInt32(side) - y) }
                    (x, y) = (y, x)
                }
                s >>= 1
            }
            return d
        }
        return nodes.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
    }

    /// Road r's line as drawn.
    public func line(_ r: Int) -> ArraySlice<Coordinate> { points[Int(lineStart[r])..<Int(lineStart[r + 1])] }

    /// Whether arc a runs along its road's line (else against it).
    func isAlong(_ a: Int32) -> Bool { roadAlong[Int(arcRoad[Int(a)])] == a }

    /// Bytes the arrays hold (for the benchmarks and /metrics).
    public var memoryBytes: Int {
        nodes.count * 16 + (outStart.count + inStart.count + arcCount * 4 + roadCount * 3) * 4
            + roadCount * (8 + 1 + 16 + 16) + points.count * 16
    }
}

extension RoadGraph {
    /// Each road as an edge between its end nodes (indexes into `nodes`) with its length, and whether it may be
    /// driven against its line: what a peer (pgRouting) is given to route on the same graph.
    public func edges() -> [(road: Int, from: Int, to: Int, metres: Double, twoWay: Bool)] {
        (0..<roadCount).map { r in
            let along = Int(roadAlong[r])
            return (r, Int(arcTail[along]), Int(arcHead[along]), roadMetres[r], roadAgainst[r] >= 0)
        }
    }
}
