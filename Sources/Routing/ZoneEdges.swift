import GeoKit

/// A polygon zone's edges filed in horizontal rows of its box, in CSR form: row k lists every edge whose latitude
/// range meets it, each once. Testing a point (even-odd ray) or a road segment (crossed edges) against the zone
/// then reads only the edges of the rows it spans, not all of them: laying a 20,000-vertex ring that holds no
/// road onto the city tested every segment under its box against every edge (33 s of CPU for one request on
/// the Rhein-Neckar roads).
///
/// Rows are no lower than `minRowDegrees` (about 11 m), so the entries stay within the outline's north–south
/// length over that height plus two per edge: about 76,000 at the request limits (400 km, 20,000 vertices).
/// A zone is built before its request is checked against those limits, so one beyond `maxEntries` (only one
/// beyond the limits, which the request then refuses) keeps no rows: 200 such zones in one body must not file
/// hundreds of millions of entries first. Nor does one outside longitude and latitude (its height may not even
/// be a finite number).
struct ZoneEdges: Sendable {
    static let minRowDegrees = 0.0001
    static let maxRows = 4096
    static let maxEntries = 100_000

    let minY: Double
    let rowDegrees: Double
    let rows: Int
    /// Edge e runs from `a[e]` to `b[e]` (every ring's closing edge included, as `Zone` reads rings).
    let a: [Coordinate], b: [Coordinate]
    let rowStart: [Int32]
    let entries: [Int32]

    init?(_ polygons: [[[Coordinate]]], bbox: BBox) {
        var a: [Coordinate] = [], b: [Coordinate] = []
        for poly in polygons {
            for ring in poly {
                for (p, q) in zip(ring, ring.dropFirst() + ring.prefix(1)) {
                    a.append(p)
                    b.append(q)
                }
            }
        }
        guard !a.isEmpty, bbox.minX >= -180, bbox.maxX <= 180, bbox.minY >= -90, bbox.maxY <= 90, bbox.minY <= bbox.maxY else { return nil }
        let height = bbox.maxY - bbox.minY
        let rowDegrees = max(height / Double(min(a.count, Self.maxRows)), Self.minRowDegrees)
        let rows = Int(height / rowDegrees) + 1
        func row(_ y: Double) -> Int { min(max(Int((y - bbox.minY) / rowDegrees), 0), rows - 1) }
        var count = 0
        for e in a.indices { count += row(max(a[e].y, b[e].y)) - row(min(a[e].y, b[e].y)) + 1 }
        guard count <= Self.maxEntries else { return nil }
        var start = [Int32](repeating: 0, count: rows + 1)
        for e in a.indices {
            for r in row(min(a[e].y, b[e].y))...row(max(a[e].y, b[e].y)) { start[r + 1] += 1 }
        }
        for r in 0..<rows { start[r + 1] += start[r] }
        var next = start
        var entries = [Int32](repeating: 0, count: count)
        for e in a.indices {
            for r in row(min(a[e].y, b[e].y))...row(max(a[e].y, b[e].y)) {
                entries[Int(next[r])] = Int32(e)
                next[r] += 1
            }
        }
        (self.minY, self.rowDegrees, self.rows, self.a, self.b, self.rowStart, self.entries) = (bbox.minY, rowDegrees, rows, a, b, start, entries)
    }

    /// The row holding latitude y (clamped), the same function that filed the edges, so a latitude within an
    /// edge's range always falls in one of its rows.
    func row(_ y: Double) -> Int { min(max(Int((y - minY) / rowDegrees), 0), rows - 1) }

    /// Calls `body` with every edge of rows `r0...r1` (an edge spanning several of them once per row) until it
    /// returns true; whether one did.
    func contains(rows r0: Int, _ r1: Int, where body: (Coordinate, Coordinate) -> Bool) -> Bool {
        for e in Int(rowStart[r0])..<Int(rowStart[r1 + 1]) {
            let i = Int(entries[e])
            if body(a[i], b[i]) { return true }
        }
        return false
    }

    /// Every edge of the row holding latitude y, each once.
    func forEach(inRowOf y: Double, _ body: (Coordinate, Coordinate) -> Void) {
        let r = row(y)
        for e in Int(rowStart[r])..<Int(rowStart[r + 1]) {
            let i = Int(entries[e])
            body(a[i], b[i])
        }
    }
}
