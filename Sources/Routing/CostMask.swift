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

    /// Raises the roads `zone` meets to `to`, looking only at the grid cells it may meet (a circle leaves out
    /// those in its box's corners).
    mutating func raise(_ zone: Zone, in network: RoutingNetwork, to f: Float) {
        let grid = network.segments.grid, points = network.graph.points, pointRoad = network.segments.pointRoad
        guard let (columns, rows) = grid.cells(meeting: zone.bbox) else { return }
        for row in rows {
            for column in columns where zone.mayMeet(grid.box(column: column, row: row)) {
                // A road already raised as far is not tested again, segment by segment.
                grid.forEach(inCell: column, row) { i in
                    let r = Int(pointRoad[i])
                    if factor[r] < f, zone.meets(points[i], points[i + 1]) { set(r, f) }
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
