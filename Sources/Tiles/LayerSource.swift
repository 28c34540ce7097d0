import GeoKit
import VectorTiles

/// One layer's features as tiles need them, held in memory between tiles: coordinates already in Web Mercator
/// metres, attributes as ids into one table of encoded values, priority and the zoom each feature shows from
/// worked out once. Drawing a tile then reads no database row, makes no string and hashes nothing per feature.
///
/// Features sit in the cells of a hierarchical grid of tiles: each in the smallest cell, from the whole world
/// (level 0) down to a zoom-14 tile, that holds its whole box, so a tile's candidates are those of the cells
/// meeting it at every level. Cells keep their features in id order. It is a value: a copy is a consistent
/// snapshot, and changing one feature copies only its cell (and the cell index, if a tile being drawn holds
/// the old one).
public struct LayerSource: Sendable {
    static let deepestLevel = 14

    /// The layer's attribute names; tags refer to them by index.
    let keys: [String]
    var values: ValueTable
    private(set) var cells: [UInt64: SourceCell] = [:]
    /// Each level's occupied cells, keys ascending, which is the order tiles visit them in (row by row, then
    /// along the row): a tile spanning more slots of a level than the level has cells walks this list rather
    /// than probing every slot, so its cost follows the data (a z0 tile spans 2^28 slots of level 14).
    private var occupied = [[UInt64]](repeating: [], count: deepestLevel + 1)
    /// The starts and ends of the features' time windows, ascending, once per feature that has them: the
    /// layer draws the same at every instant between two of them.
    private var edges: [Int64] = []
    private(set) var count = 0

    init(keys: [String], values: ValueTable) {
        self.keys = keys
        self.values = values
    }

    /// The cell a box (Mercator metres) belongs in.
    static func cell(of box: BBox) -> UInt64 {
        let n = 1 << deepestLevel
        let x0 = index(worldX(box.minX), n), x1 = index(worldX(box.maxX), n)
        let y0 = index(worldY(box.maxY), n), y1 = index(worldY(box.minY), n)
        let shift = max(bitWidth(x0 ^ x1), bitWidth(y0 ^ y1))
        return key(level: deepestLevel - shift, x: x0 >> shift, y: y0 >> shift)
    }

    /// Adds features that are in no cell yet; returns their cells, in order. New cells join their level's
    /// list in one sort per level, so a build of a million features does not shift the list once per cell.
    mutating func insert(_ features: [SourceFeature]) -> [UInt64] {
        var added = [[UInt64]](repeating: [], count: Self.deepestLevel + 1)
        var newEdges: [Int64] = []
        let keys = features.map { f in
            let key = Self.cell(of: f.box)
            if cells[key] == nil { added[Self.level(key)].append(key) }
            cells[key, default: SourceCell()].insert(f)
            if f.window != .always { newEdges += f.window.edges }
            return key
        }
        for level in added.indices where !added[level].isEmpty { Self.merge(added[level], into: &occupied[level]) }
        if !newEdges.isEmpty { Self.merge(newEdges, into: &edges) }
        count += features.count
        return keys
    }

    /// Takes feature `fid` out of cell `key`.
    mutating func remove(_ fid: Int64, from key: UInt64) {
        guard let window = cells[key]?.remove(fid) else { return }
        if cells[key]?.records.isEmpty == true {
            cells[key] = nil
            let level = Self.level(key)
            occupied[level].remove(at: Self.firstIndex(in: occupied[level], notBelow: key))
        }
        for edge in window.edges { edges.remove(at: Self.firstIndex(in: edges, notBelow: edge)) }
        count -= 1
    }

    /// Names the stretch of time between two window edges that holds `at` (epoch seconds): the last edge at or
    /// before it, nil before the first. The layer draws the same at every instant of a stretch, until an edit.
    func period(at: Int64) -> Int64? { Self.period(in: edges, at: at) }

    /// `period(at:)` over a layer's window edges (`windowEdges`).
    static func period(in edges: [Int64], at: Int64) -> Int64? {
        let next = firstIndex(in: edges, notBelow: at == .max ? at : at + 1)
        return next == 0 ? nil : edges[next - 1]
    }

    /// The starts and ends of the features' time windows, ascending.
    var windowEdges: [Int64] { edges }

    /// Calls `body` with each cell that may hold features meeting `box` (Mercator metres): level by level from
    /// the world down, row by row, so that features come in the same order for the same data. Returns how many
    /// slots it looked up and list entries it stepped over: the work, which is at most the occupied cells of
    /// each level (plus a binary search per row jumped to), never the slots of an empty area.
    @discardableResult
    func forEachCell(meeting box: BBox, _ body: (SourceCell) throws -> Void) rethrows -> Int {
        var work = 0
        for level in 0...Self.deepestLevel where !occupied[level].isEmpty {
            let slots = Self.slots(meeting: box, level: level)
            let (x0, x1, y0, y1) = (slots.x.lowerBound, slots.x.upperBound, slots.y.lowerBound, slots.y.upperBound)
            let list = occupied[level]
            if (x1 - x0 + 1) * (y1 - y0 + 1) <= list.count {
                for y in y0...y1 {
                    for x in x0...x1 {
                        work += 1
                        if let cell = cells[Self.key(level: level, x: x, y: y)] { try body(cell) }
                    }
                }
                continue
            }
            let last = Self.key(level: level, x: x1, y: y1)
            var i = Self.firstIndex(in: list, notBelow: Self.key(level: level, x: x0, y: y0))
            while i < list.count, list[i] <= last {
                work += 1
                let key = list[i], x = Self.x(key)
                if x < x0 {
                    i = Self.firstIndex(in: list, notBelow: Self.key(level: level, x: x0, y: Self.y(key)))
                } else if x > x1 {
                    i = Self.firstIndex(in: list, notBelow: Self.key(level: level, x: x0, y: Self.y(key) + 1))
                } else {
                    try body(cells[key]!)
                    i += 1
                }
            }
        }
        return work
    }

    /// The coordinates of the features at `zoom` whose boxes meet `box`, counted until the count passes
    /// `limit`: what drawing a tile from this source would transform and clip, for deciding where to draw it.
    /// Records looked at count too, so a cell of many features none of which meets the box still costs.
    func work(meeting box: BBox, zoom: Int, limit: Int) -> Int {
        // First the cells' sizes alone: what a tile far beyond the limit holds is known without a look at any
        // record (a cell's features mostly lie in the tile when the cell is small; large cells are few).
        var bound = 0
        forEachCell(meeting: box) { cell in bound += cell.records.count + cell.coordinates.count }
        guard bound > limit else { return bound }
        guard bound <= 16 * limit else { return bound }
        var total = 0
        forEachCell(meeting: box) { cell in
            // A cell's records all count before any is looked at, so a large tile is known at its first big cell.
            total += cell.records.count
            guard total <= limit else { return }
            for r in cell.records where Int(r.minZoom) <= zoom && r.box.intersects(box) {
                total += r.coordinates.count
                if total > limit { return }
            }
        }
        return total
    }

    /// The columns and rows of `level`'s cells that a box (Mercator metres) meets.
    static func slots(meeting box: BBox, level: Int) -> (x: ClosedRange<Int>, y: ClosedRange<Int>) {
        let n = 1 << level
        return (index(worldX(box.minX), n)...index(worldX(box.maxX), n), index(worldY(box.maxY), n)...index(worldY(box.minY), n))
    }

    /// Where a cell key's cell is (for checks that walk the cells without the sorted lists).
    static func position(of key: UInt64) -> (level: Int, x: Int, y: Int) { (level(key), x(key), y(key)) }

    private static func worldX(_ mx: Double) -> Double { (mx + WebMercator.halfWorld) / (2 * WebMercator.halfWorld) }
    private static func worldY(_ my: Double) -> Double { (WebMercator.halfWorld - my) / (2 * WebMercator.halfWorld) }

    private static func index(_ fraction: Double, _ n: Int) -> Int {
        let v = fraction * Double(n)
        return v.isNaN || v < 0 ? 0 : (v >= Double(n) ? n - 1 : Int(v))
    }

    private static func bitWidth(_ v: Int) -> Int { v == 0 ? 0 : Int.bitWidth - v.leadingZeroBitCount }

    /// Level, then row, then column, so that keys sort in the order tiles visit cells.
    private static func key(level: Int, x: Int, y: Int) -> UInt64 { UInt64(level) << 58 | UInt64(y) << 29 | UInt64(x) }
    private static func level(_ key: UInt64) -> Int { Int(key >> 58) }
    private static func x(_ key: UInt64) -> Int { Int(key & (1 << 29 - 1)) }
    private static func y(_ key: UInt64) -> Int { Int(key >> 29 & (1 << 29 - 1)) }

    /// Adds values to an ascending list, keeping it ascending: sorted and appended, then merged by the
    /// sort (two runs).
    private static func merge<T: Comparable>(_ new: [T], into list: inout [T]) {
        list.append(contentsOf: new.sorted())
        list.sort()
    }

    /// The index of the first value at or above `key` in an ascending list.
    private static func firstIndex<T: Comparable>(in list: [T], notBelow key: T) -> Int {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
