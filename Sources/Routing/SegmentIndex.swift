import GeoKit

/// The roads' segments in a `BoxGrid`, each filed as the index in `RoadGraph.points` of its first point:
/// snapping a point and laying a zone onto the roads look only at the cells they cover, never at every road.
public struct SegmentIndex: Sendable {
    let grid: BoxGrid
    /// The road of each point of `RoadGraph.points` (a segment's road is its first point's).
    let pointRoad: [Int32]

    public init(_ graph: RoadGraph) {
        var pointRoad = [Int32](repeating: -1, count: graph.points.count)
        for r in 0..<graph.roadCount {
            // The last point of a line starts no segment.
            for i in Int(graph.lineStart[r])..<Int(graph.lineStart[r + 1]) - 1 { pointRoad[i] = Int32(r) }
        }
        self.pointRoad = pointRoad
        let points = graph.points
        grid = BoxGrid(count: points.count, perCell: 2, minCellDegrees: 0.0005) { i in
            guard pointRoad[i] >= 0 else { return nil }
            let a = points[i], b = points[i + 1]
            return BBox(minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y))
        }
    }

    /// Calls `body` with the first point of every segment filed in the cells meeting `box`.
    func forEachSegment(meeting box: BBox, _ body: (Int) -> Void) {
        grid.forEach(meeting: box, body)
    }

    public var memoryBytes: Int { grid.memoryBytes + pointRoad.count * 4 }
}
