import GeoKit

/// A feature ready to go into a `LayerSource`.
struct SourceFeature {
    let fid: Int64
    let kind: TileGeometry.Kind
    /// Web Mercator metres; parts end at `partEnds`, as in `TileGeometry`.
    let coordinates: [Coordinate]
    let partEnds: [Int32]
    let isExterior: [Bool]
    /// (key index, value id) pairs, those of the layer's low-zoom attributes first.
    let tags: [UInt32]
    /// How many of `tags` (two per attribute) tiles below the layer's full-attributes zoom take.
    let lowZoomTags: Int
    let priority: Int
    let minZoom: Int
    let box: BBox
    let window: TimeWindow
}

/// When a feature is on the map, in epoch seconds: [from, to), half-open as the grid's overlay has it
/// (`GridItemLoader.Windowed`), either end open; a feature without a window is always on.
struct TimeWindow: Sendable, Equatable {
    let from: Int64
    let to: Int64

    static let always = TimeWindow(from: .min, to: .max)

    func contains(_ instant: Int64) -> Bool { from <= instant && instant < to }

    /// The instants at which the feature appears or disappears.
    var edges: [Int64] { [from, to].filter { $0 != .min && $0 != .max } }
}

/// Where one feature's data is in its cell's arrays.
struct SourceRecord: Sendable {
    let fid: Int64
    /// Web Mercator metres.
    let box: BBox
    let window: TimeWindow
    let coordinates: Range<Int32>
    let parts: Range<Int32>
    let tags: Range<Int32>
    /// The length of the prefix of `tags` that tiles below the layer's full-attributes zoom carry.
    let lowZoomTags: UInt8
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

    /// Takes feature `fid` out; returns its window, or nil when it is not here.
    mutating func remove(_ fid: Int64) -> TimeWindow? {
        guard let window = records.first(where: { $0.fid == fid })?.window else { return nil }
        var rebuilt = SourceCell()
        for i in records.indices where records[i].fid != fid { rebuilt.append(copyOf: i, from: self) }
        self = rebuilt
        return window
    }

    private mutating func append(_ f: SourceFeature) {
        append(fid: f.fid, box: f.box, window: f.window, kind: f.kind, minZoom: UInt8(clamping: f.minZoom), lowZoomTags: UInt8(f.lowZoomTags),
               priority: Int16(clamping: f.priority), coordinates: f.coordinates[...], partEnds: f.partEnds[...],
               isExterior: f.isExterior[...], tags: f.tags[...])
    }

    private mutating func append(copyOf i: Int, from other: SourceCell) {
        let r = other.records[i]
        func range(_ r: Range<Int32>) -> Range<Int> { Int(r.lowerBound)..<Int(r.upperBound) }
        append(fid: r.fid, box: r.box, window: r.window, kind: r.kind, minZoom: r.minZoom, lowZoomTags: r.lowZoomTags, priority: r.priority,
               coordinates: other.coordinates[range(r.coordinates)], partEnds: other.partEnds[range(r.parts)],
               isExterior: other.isExterior[range(r.parts)], tags: other.tags[range(r.tags)])
    }

    private mutating func append(fid: Int64, box: BBox, window: TimeWindow, kind: TileGeometry.Kind, minZoom: UInt8, lowZoomTags: UInt8, priority: Int16,
                                 coordinates c: ArraySlice<Coordinate>, partEnds p: ArraySlice<Int32>,
                                 isExterior e: ArraySlice<Bool>, tags t: ArraySlice<UInt32>) {
        records.append(SourceRecord(
            fid: fid, box: box, window: window,
            coordinates: Int32(coordinates.count)..<Int32(coordinates.count + c.count),
            parts: Int32(partEnds.count)..<Int32(partEnds.count + p.count),
            tags: Int32(tags.count)..<Int32(tags.count + t.count), lowZoomTags: lowZoomTags,
            kind: kind, minZoom: minZoom, priority: priority))
        coordinates.append(contentsOf: c)
        partEnds.append(contentsOf: p)
        isExterior.append(contentsOf: e)
        tags.append(contentsOf: t)
    }
}
