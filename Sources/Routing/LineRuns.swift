import GeoKit

/// A line's segments in runs of 16 with each run's box: which zones a route crosses is asked of every zone, and a
/// zone away from most of the route is then tested against a few boxes instead of every segment.
struct LineRuns {
    static let length = 16
    let line: [Coordinate]
    let boxes: [BBox]

    init(_ line: [Coordinate]) {
        self.line = line
        boxes = stride(from: 0, to: max(line.count - 1, 0), by: Self.length).map { start in
            var box = BBox.empty
            for c in line[start...min(start + Self.length, line.count - 1)] { box.extend(c) }
            return box
        }
    }

    /// Whether the line meets the zone (`Zone.meets(line:)`).
    func meets(_ zone: Zone) -> Bool {
        for (k, box) in boxes.enumerated() where box.intersects(zone.bbox) {
            let start = k * Self.length
            for i in start..<min(start + Self.length, line.count - 1) where zone.meets(line[i], line[i + 1]) { return true }
        }
        return false
    }
}
