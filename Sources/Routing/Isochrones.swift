import GeoKit

/// The area reached within some minutes: polygons (outer ring and holes) of the ~100 m cells a road point
/// reached in time lies in.
public struct Isochrone: Sendable {
    public var minutes: Double
    public var polygons: [[[Coordinate]]]

    /// The area in square kilometres (holes taken out), on a plane tangent at each ring's first point.
    public var squareKilometres: Double {
        var sum = 0.0
        for polygon in polygons {
            for (i, ring) in polygon.enumerated() {
                guard let o = ring.first else { continue }
                let m = LocalMetres(latitude: o.y)
                let s = zip(ring, ring.dropFirst()).reduce(0.0) { a, p in
                    a + ((p.0.x - o.x) * (p.1.y - o.y) - (p.1.x - o.x) * (p.0.y - o.y)) * m.xScale * m.yScale
                }
                sum += abs(s) / 2 * (i == 0 ? 1 : -1)
            }
        }
        return sum / 1e6
    }
}

extension RoutingNetwork {
    public static let maxIsochrones = 10
    public static let maxIsochroneMinutes = 60.0
    /// Cells of the raster at most; a larger reach is drawn in coarser cells.
    static let maxCells = 4_000_000

    /// 1 to `maxIsochrones` times, each above 0 and at most `maxIsochroneMinutes`.
    public static func checkIsochrone(minutes: [Double]) throws(RoutingError) {
        guard !minutes.isEmpty, minutes.count <= maxIsochrones, minutes.allSatisfy({ $0 > 0 && $0 <= maxIsochroneMinutes }) else {
            throw .badInput("minutes must be 1 to \(maxIsochrones) numbers above 0 and at most \(Int(maxIsochroneMinutes))")
        }
    }

    /// The areas reached from the nearest of `sources` within each of `minutes`, under the query's avoidance
    /// (penalties slow the roads in zones; closed zones are not entered). Also how many sources lay on a road.
    public func isochrones(from sources: [Coordinate], minutes: [Double], _ q: RouteQuery, cellMetres: Double = 100) throws(RoutingError)
        -> (isochrones: [Isochrone], sources: Int) {
        guard graph.roadCount > 0 else { throw .noRoads }
        try Self.checkIsochrone(minutes: minutes)
        let limit = minutes.max()! * 60
        let reach = reach(from: sources, limitSeconds: limit, q)
        let (seconds, snapped) = (reach.seconds, reach.snapped)
        guard !snapped.isEmpty else { throw .badInput("no source lies within \(Int(q.maxSnapMetres)) m of a road") }
        // Points along every arc driven from a reached node, every half cell, with the time they are reached.
        var samples: [(Coordinate, Float)] = snapped.map { ($0.point, 0) }
        for a in 0..<graph.arcCount {
            let t0 = seconds[Int(graph.arcTail[a])]
            guard t0 < limit else { continue }
            let r = Int(graph.arcRoad[a])
            let cost = reach.cost(r, graph)
            guard cost < .infinity else { continue }
            let line = graph.isAlong(Int32(a)) ? Array(graph.line(r)) : graph.line(r).reversed()
            var along = 0.0
            for (p, q) in zip(line, line.dropFirst()) {
                let m = LocalMetres(latitude: p.y)
                let length = m.distance(p, q)
                let n = max(Int(length / (cellMetres / 2)), 1)
                for k in 0...n {
                    let s = along + length * Double(k) / Double(n)
                    let t = t0 + (graph.roadMetres[r] > 0 ? s / graph.roadMetres[r] : 0) * cost
                    if t <= limit { samples.append((.between(p, q, Double(k) / Double(n)), Float(t))) }
                }
                along += length
            }
        }
        return (minutes.sorted().map { Isochrone(minutes: $0, polygons: outline(samples, within: $0 * 60, cellMetres: cellMetres)) }, snapped.count)
    }

    /// The polygons of the cells holding a sample reached within `limit` seconds.
    private func outline(_ samples: [(Coordinate, Float)], within limit: Double, cellMetres: Double) -> [[[Coordinate]]] {
        var box = BBox.empty
        for (p, t) in samples where Double(t) <= limit { box.extend(p) }
        guard box.minX <= box.maxX else { return [] }
        let m = LocalMetres(latitude: box.center.y)
        var cell = m.degrees(cellMetres)
        var width = Int((box.maxX - box.minX) / cell.lon) + 3, height = Int((box.maxY - box.minY) / cell.lat) + 3
        while width * height > Self.maxCells {
            cell = (cell.lon * 2, cell.lat * 2)
            width = Int((box.maxX - box.minX) / cell.lon) + 3
            height = Int((box.maxY - box.minY) / cell.lat) + 3
        }
        // One cell of margin round the reach, so every outline closes inside the raster.
        let origin = Coordinate(box.minX - cell.lon, box.minY - cell.lat)
        var marked = [Bool](repeating: false, count: width * height)
        for (p, t) in samples where Double(t) <= limit {
            marked[Int((p.y - origin.y) / cell.lat) * width + Int((p.x - origin.x) / cell.lon)] = true
        }
        return RasterOutline.polygons(marked: marked, width: width, height: height).map { rings in
            rings.map { ring in
                let cs = ring.map { Coordinate(origin.x + Double($0.x) * cell.lon, origin.y + Double($0.y) * cell.lat) }
                return cs + [cs[0]]
            }
        }
    }
}
