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
struct LayerSource: Sendable {
    static let deepestLevel = 14

    /// The layer's attribute names; tags refer to them by index.
    let keys: [String]
    var values: ValueTable
    private(set) var cells: [UInt64: SourceCell] = [:]
    /// Features per level, so empty levels are skipped.
    private var perLevel = [Int](repeating: 0, count: deepestLevel + 1)
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

    /// Adds a feature that is in no cell yet; returns its cell.
    @discardableResult
    mutating func insert(_ f: SourceFeature) -> UInt64 {
        let key = Self.cell(of: f.box)
        cells[key, default: SourceCell()].insert(f)
        perLevel[Self.level(key)] += 1
        count += 1
        return key
    }

    /// Takes feature `fid` out of cell `key`.
    mutating func remove(_ fid: Int64, from key: UInt64) {
        guard cells[key]?.remove(fid) == true else { return }
        if cells[key]?.records.isEmpty == true { cells[key] = nil }
        perLevel[Self.level(key)] -= 1
        count -= 1
    }

    /// Calls `body` with each cell that may hold features meeting `box` (Mercator metres): level by level from
    /// the world down, row by row, so that features come in the same order for the same data.
    func forEachCell(meeting box: BBox, _ body: (SourceCell) -> Void) {
        for level in 0...Self.deepestLevel where perLevel[level] > 0 {
            let n = 1 << level
            let x0 = Self.index(Self.worldX(box.minX), n), x1 = Self.index(Self.worldX(box.maxX), n)
            let y0 = Self.index(Self.worldY(box.maxY), n), y1 = Self.index(Self.worldY(box.minY), n)
            for y in y0...y1 {
                for x in x0...x1 {
                    if let cell = cells[Self.key(level: level, x: x, y: y)] { body(cell) }
                }
            }
        }
    }

    private static func worldX(_ mx: Double) -> Double { (mx + WebMercator.halfWorld) / (2 * WebMercator.halfWorld) }
    private static func worldY(_ my: Double) -> Double { (WebMercator.halfWorld - my) / (2 * WebMercator.halfWorld) }

    private static func index(_ fraction: Double, _ n: Int) -> Int {
        let v = fraction * Double(n)
        return v.isNaN || v < 0 ? 0 : (v >= Double(n) ? n - 1 : Int(v))
    }

    private static func bitWidth(_ v: Int) -> Int { v == 0 ? 0 : Int.bitWidth - v.leadingZeroBitCount }
    private static func key(level: Int, x: Int, y: Int) -> UInt64 { UInt64(level) << 58 | UInt64(x) << 29 | UInt64(y) }
    private static func level(_ key: UInt64) -> Int { Int(key >> 58) }
}

/// A feature ready to go into a `LayerSource`.
struct SourceFeature {
    let fid: Int64
    let kind: TileGeometry.Kind
    /// Web Mercator metres; parts end at `partEnds`, as in `TileGeometry`.
    let coordinates: [Coordinate]
    let partEnds: [Int32]
    let isExterior: [Bool]
    /// (key index, value id) pairs.
    let tags: [UInt32]
    let priority: Int
    let minZoom: Int
    let box: BBox
}

/// Where one feature's data is in its cell's arrays.
struct SourceRecord: Sendable {
    let fid: Int64
    /// Web Mercator metres.
    let box: BBox
    let coordinates: Range<Int32>
    let parts: Range<Int32>
    let tags: Range<Int32>
    let kind: TileGeometry.Kind
    let minZoom: UInt8
    let priority: Int16

    var isPoint: Bool { kind == .point && coordinates.count == 1 }
}

/// The features of one cell, in id order, their coordinates, part ends and tags in flat arrays.
struct SourceCell: Sendable {
    private(set) var records: [SourceRecord] = []
    private(set) var coordinates: [Coordinate] = []
    /// Each part's end, counted from its feature's first coordinate.
    private(set) var partEnds: [Int32] = []
    private(set) var isExterior: [Bool] = []
    private(set) var tags: [UInt32] = []

    mutating func insert(_ f: SourceFeature) {
        if let last = records.last, last.fid > f.fid {
            // Out of order (an edit, not a load): rebuild in id order.
            var rebuilt = SourceCell()
            var placed = false
            for i in records.indices {
                if !placed && records[i].fid > f.fid {
                    rebuilt.append(f)
                    placed = true
                }
                rebuilt.append(copyOf: i, from: self)
            }
            self = rebuilt
        } else {
            append(f)
        }
    }

    /// Takes feature `fid` out; false when it is not here.
    mutating func remove(_ fid: Int64) -> Bool {
        guard records.contains(where: { $0.fid == fid }) else { return false }
        var rebuilt = SourceCell()
        for i in records.indices where records[i].fid != fid { rebuilt.append(copyOf: i, from: self) }
        self = rebuilt
        return true
    }

    private mutating func append(_ f: SourceFeature) {
        append(fid: f.fid, box: f.box, kind: f.kind, minZoom: UInt8(clamping: f.minZoom), priority: Int16(clamping: f.priority),
               coordinates: f.coordinates[...], partEnds: f.partEnds[...], isExterior: f.isExterior[...], tags: f.tags[...])
    }

    private mutating func append(copyOf i: Int, from other: SourceCell) {
        let r = other.records[i]
        func range(_ r: Range<Int32>) -> Range<Int> { Int(r.lowerBound)..<Int(r.upperBound) }
        append(fid: r.fid, box: r.box, kind: r.kind, minZoom: r.minZoom, priority: r.priority,
               coordinates: other.coordinates[range(r.coordinates)], partEnds: other.partEnds[range(r.parts)],
               isExterior: other.isExterior[range(r.parts)], tags: other.tags[range(r.tags)])
    }

    private mutating func append(fid: Int64, box: BBox, kind: TileGeometry.Kind, minZoom: UInt8, priority: Int16,
                                 coordinates c: ArraySlice<Coordinate>, partEnds p: ArraySlice<Int32>,
                                 isExterior e: ArraySlice<Bool>, tags t: ArraySlice<UInt32>) {
        records.append(SourceRecord(
            fid: fid, box: box,
            coordinates: Int32(coordinates.count)..<Int32(coordinates.count + c.count),
            parts: Int32(partEnds.count)..<Int32(partEnds.count + p.count),
            tags: Int32(tags.count)..<Int32(tags.count + t.count),
            kind: kind, minZoom: minZoom, priority: priority))
        coordinates.append(contentsOf: c)
        partEnds.append(contentsOf: p)
        isExterior.append(contentsOf: e)
        tags.append(contentsOf: t)
    }
}
