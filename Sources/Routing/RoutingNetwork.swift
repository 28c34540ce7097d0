import GeoKit

/// Everything a route is computed from, built once from the roads and hazards and then only read: the graph,
/// its segment index and the hazards laid onto it. Immutable, so every worker may route on it at once.
public struct RoutingNetwork: Sendable {
    public let graph: RoadGraph
    public let segments: SegmentIndex
    public let hazards: HazardMap
    /// ALT landmarks by time (fastest) and by length (shortest).
    let landmarks: (seconds: Landmarks, metres: Landmarks)
    /// Positions on these roads of places that never move (`positions(keys:…)`).
    let kept: KeptPositions
    /// The routes' search states, reused (`SearchStates`).
    let searchStates: SearchStates

    public init(roads: [RoadInput], hazards: [Hazard]) {
        graph = RoadGraph(roads: roads)
        segments = SegmentIndex(graph)
        self.hazards = HazardMap(hazards, graph: graph, segments: segments)
        landmarks = (Landmarks(graph, base: graph.roadSeconds), Landmarks(graph, base: graph.roadMetres))
        kept = KeptPositions()
        searchStates = SearchStates(nodes: graph.nodes.count)
    }

    /// The same roads with other hazards (a risk changed, the roads did not).
    public func with(hazards: [Hazard]) -> RoutingNetwork {
        RoutingNetwork(graph: graph, segments: segments, hazards: HazardMap(hazards, graph: graph, segments: segments), landmarks: landmarks,
                       kept: kept, searchStates: searchStates)
    }

    private init(graph: RoadGraph, segments: SegmentIndex, hazards: HazardMap, landmarks: (seconds: Landmarks, metres: Landmarks),
                 kept: KeptPositions, searchStates: SearchStates) {
        self.graph = graph
        self.segments = segments
        self.hazards = hazards
        self.landmarks = landmarks
        self.kept = kept
        self.searchStates = searchStates
    }

    /// What a preference minimises: each road's cost, and the landmarks' bounds by that cost.
    struct Metric {
        let base: [Double]
        let landmarks: Landmarks
    }

    func metric(_ p: RouteQuery.Preference) -> Metric {
        p == .fastest ? Metric(base: graph.roadSeconds, landmarks: landmarks.seconds) : Metric(base: graph.roadMetres, landmarks: landmarks.metres)
    }

    public var memoryBytes: Int {
        graph.memoryBytes + segments.memoryBytes + hazards.memoryBytes + landmarks.seconds.memoryBytes + landmarks.metres.memoryBytes
    }

    /// A point's place on its nearest road: the road, the segment (by its first point), how far along the
    /// segment and along the road's line, and the distance from the point.
    struct Snap {
        var road: Int
        var segment: Int
        var t: Double
        var point: Coordinate
        var offsetMetres: Double
        var distanceMetres: Double
    }

    /// The nearest road within `maxMetres` of p, or nil. Looked for within 50 m first: a waypoint is mostly that
    /// near a road, and the box of the whole distance held every segment of a dense city's blocks around it. The
    /// nearest segment wins, the lowest-numbered of equally near ones, so both looks agree.
    func snap(_ p: Coordinate, maxMetres: Double) -> Snap? {
        let m = LocalMetres(latitude: p.y)
        func nearest(within radius: Double) -> (segment: Int, t: Double, metres: Double)? {
            let d = m.degrees(radius)
            var best: (segment: Int, t: Double, metres: Double)?
            segments.forEachSegment(meeting: BBox(minX: p.x - d.lon, minY: p.y - d.lat, maxX: p.x + d.lon, maxY: p.y + d.lat)) { i in
                let n = m.nearest(on: graph.points[i], graph.points[i + 1], to: p)
                guard n.metres <= radius else { return }
                if let b = best, (b.metres, b.segment) <= (n.metres, i) { return }
                best = (i, n.t, n.metres)
            }
            return best
        }
        guard let best = (maxMetres > 50 ? nearest(within: 50) : nil) ?? nearest(within: maxMetres) else { return nil }
        let road = Int(segments.pointRoad[best.segment])
        var offset = 0.0
        for i in Int(graph.lineStart[road])..<best.segment {
            offset += LocalMetres(latitude: graph.points[i].y).distance(graph.points[i], graph.points[i + 1])
        }
        let a = graph.points[best.segment], b = graph.points[best.segment + 1]
        offset += LocalMetres(latitude: a.y).distance(a, b) * best.t
        return Snap(road: road, segment: best.segment, t: best.t, point: .between(a, b, best.t), offsetMetres: offset,
                    distanceMetres: best.metres)
    }

    /// The line from a snapped point to one end of its road: the end (`towardEnd`) or the start.
    func partial(_ s: Snap, towardEnd: Bool) -> [Coordinate] {
        let start = Int(graph.lineStart[s.road]), end = Int(graph.lineStart[s.road + 1])
        if towardEnd { return [s.point] + graph.points[(s.segment + 1)..<end] }
        return [s.point] + graph.points[start...s.segment].reversed()
    }
}

extension RoutingNetwork {
    /// The roads `zone` meets (indexes into the graph's roads): those a closed zone shuts, as a request's mask
    /// would, for a peer given the same exclusion.
    public func roads(meeting zone: Zone) -> [Int] {
        segments.roads(meeting: zone, graph).map { Int($0) }
    }
}
