/// One request's cost multiplier per road: 1 for an open road, the penalty inside a penalised zone,
/// infinity when closed. Zones only raise costs, never lower them below the road's own.
struct CostMask {
    var factor: [Float]
    /// How many roads cost more than their own (whether the landmarks' bounds still guide: `Constraints`).
    var raised = 0

    init(roads: Int) {
        factor = [Float](repeating: 1, count: roads)
    }

    private mutating func set(_ r: Int, _ f: Float) {
        raised += (f > 1 ? 1 : 0) - (factor[r] > 1 ? 1 : 0)
        factor[r] = f
    }

    /// Raises the roads of the avoided hazard levels (a bit set) to `to`.
    mutating func raise(levels: UInt8, of map: HazardMap, to f: Float) {
        guard levels != 0 else { return }
        for r in factor.indices where map.roadLevels[r] & levels != 0 && factor[r] < f { set(r, f) }
    }

    /// Raises the roads each zone meets to its factor (`closed` when closed, else `penalty`), zone after zone,
    /// through the grid cells it may meet (a circle leaves out those in its box's corners). A road already raised
    /// as far is not tested again; and each cell keeps the least factor of its roads once a zone has passed, so
    /// a later zone no dearer skips the cell without reading its segments: a request's zones overlap (50 circles
    /// about one line read each segment 3–4 times).
    mutating func raise(_ zones: [Zone], in network: RoutingNetwork, penalty: Float, closed: Float = .infinity) {
        let grid = network.segments.grid, points = network.graph.points, pointRoad = network.segments.pointRoad
        let spans = zones.map { grid.cells(meeting: $0.bbox) }
        let present = spans.compactMap { $0 }
        guard let c0 = present.map(\.columns.lowerBound).min(), let c1 = present.map(\.columns.upperBound).max(),
              let r0 = present.map(\.rows.lowerBound).min(), let r1 = present.map(\.rows.upperBound).max() else { return }
        let width = c1 - c0 + 1
        // None kept when the zones lie so far apart that the cells between would cost more than the mask itself.
        var least = width * (r1 - r0 + 1) <= factor.count ? [Float](repeating: 1, count: width * (r1 - r0 + 1)) : []
        for (zone, span) in zip(zones, spans) {
            guard let span else { continue }
            let f: Float = zone.ban ? closed : penalty
            for row in span.rows {
                for column in span.columns {
                    let k = (row - r0) * width + column - c0
                    guard least.isEmpty || least[k] < f, zone.mayMeet(grid.box(column: column, row: row)) else { continue }
                    var low = Float.infinity
                    grid.forEach(inCell: column, row) { i in
                        let r = Int(pointRoad[i])
                        if factor[r] < f, zone.meets(points[i], points[i + 1]) { set(r, f) }
                        low = min(low, factor[r])
                    }
                    if !least.isEmpty { least[k] = low }
                }
            }
        }
    }

    /// Lowers the closed roads `zone` meets to `to`: a closed zone holding a waypoint is left at a price.
    mutating func relieve(_ zone: Zone, in network: RoutingNetwork, to f: Float) {
        for r in network.segments.roads(meeting: zone, network.graph) where factor[Int(r)] > f { set(Int(r), f) }
    }

    /// Closes the roads `shut` names (closed to hazmat).
    mutating func close(where shut: (Int) -> Bool) {
        for r in factor.indices where shut(r) && factor[r] < .infinity { set(r, .infinity) }
    }
}
