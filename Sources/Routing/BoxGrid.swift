import GeoKit

/// Items with boxes filed in a uniform lon/lat grid of cells, in CSR form: cell c lists the items meeting it
/// in `entries[cellStart[c]..<cellStart[c+1]]`. A query looks only at the cells its box covers.
struct BoxGrid: Sendable {
    let bounds: BBox
    let cellDegrees: Double
    let columns: Int, rows: Int
    let cellStart: [Int32]
    let entries: [Int32]

    /// Files items 0..<count by `box` (nil: not filed), in cells of about `perCell` items on average and no
    /// smaller than `minCellDegrees`.
    init(count: Int, perCell: Double, minCellDegrees: Double, box: (Int) -> BBox?) {
        var all = BBox.empty
        for i in 0..<count { if let b = box(i) { all.extend(b) } }
        if all.minX > all.maxX { all = BBox(minX: 0, minY: 0, maxX: 0, maxY: 0) }
        bounds = all
        let area = max((all.maxX - all.minX) * (all.maxY - all.minY), 1e-12)
        cellDegrees = max((area * perCell / Double(max(count, 1))).squareRoot(), minCellDegrees)
        columns = Int((all.maxX - all.minX) / cellDegrees) + 1
        rows = Int((all.maxY - all.minY) / cellDegrees) + 1
        // Two passes: count per cell, then place.
        var start = [Int32](repeating: 0, count: columns * rows + 1)
        var entries: [Int32] = []
        var next: [Int32] = []
        for pass in 0..<2 {
            for i in 0..<count {
                guard let b = box(i) else { continue }
                let (c0, c1, r0, r1) = Self.span(b, all, cellDegrees, columns, rows)
                for row in r0...r1 {
                    for col in c0...c1 {
                        let c = row * columns + col
                        if pass == 0 {
                            start[c + 1] += 1
                        } else {
                            entries[Int(next[c])] = Int32(i)
                            next[c] += 1
                        }
                    }
                }
            }
            if pass == 0 {
                for c in 0..<columns * rows { start[c + 1] += start[c] }
                entries = [Int32](repeating: 0, count: Int(start[columns * rows]))
                next = start
            }
        }
        cellStart = start
        self.entries = entries
    }

    private static func span(_ b: BBox, _ all: BBox, _ size: Double, _ columns: Int, _ rows: Int) -> (Int, Int, Int, Int) {
        func cell(_ v: Double, _ origin: Double, _ n: Int) -> Int { min(max(Int((v - origin) / size), 0), n - 1) }
        return (cell(b.minX, all.minX, columns), cell(b.maxX, all.minX, columns), cell(b.minY, all.minY, rows), cell(b.maxY, all.minY, rows))
    }

    /// Calls `body` with every item filed in a cell meeting `box` (an item in several of them once per cell).
    func forEach(meeting box: BBox, _ body: (Int) -> Void) {
        guard let (columns, rows) = cells(meeting: box) else { return }
        for row in rows {
            for column in columns { forEach(inCell: column, row, body) }
        }
    }

    /// The columns and rows of the cells meeting `box`, or nil when it misses the grid.
    func cells(meeting box: BBox) -> (columns: ClosedRange<Int>, rows: ClosedRange<Int>)? {
        guard box.maxX >= bounds.minX, box.minX <= bounds.maxX, box.maxY >= bounds.minY, box.minY <= bounds.maxY else { return nil }
        let (c0, c1, r0, r1) = Self.span(box, bounds, cellDegrees, columns, rows)
        return (c0...c1, r0...r1)
    }

    /// Calls `body` with every item filed in one cell.
    func forEach(inCell column: Int, _ row: Int, _ body: (Int) -> Void) {
        let c = row * columns + column
        for e in Int(cellStart[c])..<Int(cellStart[c + 1]) { body(Int(entries[e])) }
    }

    /// The area of one cell (the last column and row reach to the bounds at least).
    func box(column: Int, row: Int) -> BBox {
        BBox(minX: bounds.minX + Double(column) * cellDegrees, minY: bounds.minY + Double(row) * cellDegrees,
             maxX: column == columns - 1 ? max(bounds.maxX, bounds.minX + Double(column + 1) * cellDegrees) : bounds.minX + Double(column + 1) * cellDegrees,
             maxY: row == rows - 1 ? max(bounds.maxY, bounds.minY + Double(row + 1) * cellDegrees) : bounds.minY + Double(row + 1) * cellDegrees)
    }

    var memoryBytes: Int { (cellStart.count + entries.count) * 4 }
}
