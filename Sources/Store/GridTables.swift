import GeoKit

/// The stored row of `grid_meta` (Schema migrations 3, 5 and 6), as text and numbers: RiskGrid gives it meaning.
public struct GridMetaRow: Sendable, Equatable {
    public var crs: String
    public var cellSize: Double
    public var levels: Int
    /// The risk model the grid was built with, as JSON.
    public var config: String
    public var builtAt: String
    public var extent: BBox?
    /// The lowest index of the red, orange, yellow and blue classes, when the rebuild stored them.
    public var breaks: [Double]?

    public init(crs: String, cellSize: Double, levels: Int, config: String, builtAt: String, extent: BBox?, breaks: [Double]? = nil) {
        self.crs = crs
        self.cellSize = cellSize
        self.levels = levels
        self.config = config
        self.builtAt = builtAt
        self.extent = extent
        self.breaks = breaks
    }
}

/// The grid's tables: `grid_meta` (one row) and `grid_chunks` (one blob of cells per level and chunk
/// column and row). Store holds their SQL; what a chunk's bytes mean is RiskGrid's (GridChunkCodec).
extension Connection {
    public func gridMeta() throws -> GridMetaRow? {
        let s = try cached("SELECT crs, cell_size_m, levels, config, built_at, extent, breaks FROM grid_meta WHERE id = 1")
        defer { s.reset() }
        guard try s.step() else { return nil }
        let e = (s.text(5) ?? "").split(separator: ",").compactMap { Double($0) }
        let b = (s.text(6) ?? "").split(separator: ",").compactMap { Double($0) }
        return GridMetaRow(crs: s.text(0) ?? "", cellSize: s.double(1), levels: Int(s.int64(2)), config: s.text(3) ?? "",
                           builtAt: s.text(4) ?? "", extent: e.count == 4 ? BBox(minX: e[0], minY: e[1], maxX: e[2], maxY: e[3]) : nil,
                           breaks: b.count == 4 ? b : nil)
    }

    public func writeGridMeta(_ row: GridMetaRow) throws {
        let extent: Value = row.extent.map { .text("\($0.minX),\($0.minY),\($0.maxX),\($0.maxY)") } ?? .null
        // Swift's shortest round-trip text of a Double, so the breaks read back bit for bit.
        let breaks: Value = row.breaks.map { .text($0.map { "\($0)" }.joined(separator: ",")) } ?? .null
        try cached("INSERT OR REPLACE INTO grid_meta (id, crs, cell_size_m, levels, config, built_at, extent, breaks) VALUES (1, ?, ?, ?, ?, ?, ?, ?)")
            .run([.text(row.crs), .real(row.cellSize), .integer(Int64(row.levels)), .text(row.config), .text(row.builtAt), extent, breaks])
    }

    public func clearGridChunks() throws {
        try execute("DELETE FROM grid_chunks")
    }

    /// Calls `body` with the stored bytes of one chunk; false when it has no row.
    public func withGridChunk(level: Int, cx: Int, cy: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        let s = try cached("SELECT cells FROM grid_chunks WHERE level = ? AND cx = ? AND cy = ?")
        try s.bind([.integer(Int64(level)), .integer(Int64(cx)), .integer(Int64(cy))])
        defer { s.reset() }
        guard try s.step() else { return false }
        try s.withBlob(0, body)
        return true
    }

    /// Stores a chunk's bytes, or deletes its row when `bytes` is nil (every cell empty).
    public func writeGridChunk(level: Int, cx: Int, cy: Int, _ bytes: [UInt8]?) throws {
        let key: [Value] = [.integer(Int64(level)), .integer(Int64(cx)), .integer(Int64(cy))]
        guard let bytes else {
            try cached("DELETE FROM grid_chunks WHERE level = ? AND cx = ? AND cy = ?").run(key)
            return
        }
        let s = try cached("INSERT OR REPLACE INTO grid_chunks (level, cx, cy, cells) VALUES (?, ?, ?, ?)")
        try s.bind(key)
        try s.bind(blob: bytes, at: 4)
        while try s.step() {}
    }

    /// The chunk columns and rows `level`'s stored chunks span; nil when it has none.
    public func gridChunkRange(level: Int) throws -> (cx: ClosedRange<Int>, cy: ClosedRange<Int>)? {
        let s = try cached("SELECT min(cx), max(cx), min(cy), max(cy) FROM grid_chunks WHERE level = ?")
        try s.bind([.integer(Int64(level))])
        defer { s.reset() }
        guard try s.step(), !s.isNull(0) else { return nil }
        return (Int(s.int64(0))...Int(s.int64(1)), Int(s.int64(2))...Int(s.int64(3)))
    }

    /// Calls `body` with every stored chunk of `level` within the ranges (column, row, bytes), in key order.
    public func forEachGridChunk(level: Int, cx: ClosedRange<Int>, cy: ClosedRange<Int>,
                                 _ body: (Int, Int, UnsafeRawBufferPointer) throws -> Void) throws {
        let s = try cached("SELECT cx, cy, cells FROM grid_chunks WHERE level = ? AND cx BETWEEN ? AND ? AND cy BETWEEN ? AND ?")
        try s.bind([.integer(Int64(level)), .integer(Int64(cx.lowerBound)), .integer(Int64(cx.upperBound)),
                    .integer(Int64(cy.lowerBound)), .integer(Int64(cy.upperBound))])
        defer { s.reset() }
        while try s.step() {
            let (x, y) = (Int(s.int64(0)), Int(s.int64(1)))
            try s.withBlob(2) { try body(x, y, $0) }
        }
    }

    /// The box of a layer's spatial index entries (every feature with a geometry, or those of `ids`); nil when
    /// there are none.
    public func indexedExtent(of layer: LayerSchema, ids: ClosedRange<Int64>? = nil) throws -> BBox? {
        let s = try cached(SpatialIndex.extentSQL(layer) + (ids == nil ? "" : " WHERE pkid BETWEEN ? AND ?"))
        if let ids { try s.bind([.integer(ids.lowerBound), .integer(ids.upperBound)]) }
        defer { s.reset() }
        guard try s.step(), !s.isNull(0) else { return nil }
        return BBox(minX: s.double(0), minY: s.double(1), maxX: s.double(2), maxY: s.double(3))
    }

    /// The first feature among `ids` of `layer` whose geometry reaches outside `box`, if any. Read from the
    /// geometries, not the spatial index, which a bulk insert may not have built yet.
    public func firstFeature(of layer: LayerSchema, ids: ClosedRange<Int64>, outside box: BBox) throws -> Int64? {
        let s = try cached("""
            SELECT fid FROM \(layer.name) WHERE fid BETWEEN ? AND ? AND geom IS NOT NULL
              AND (MbrMinX(geom) < ? OR MbrMinY(geom) < ? OR MbrMaxX(geom) > ? OR MbrMaxY(geom) > ?) ORDER BY fid LIMIT 1
            """)
        try s.bind([.integer(ids.lowerBound), .integer(ids.upperBound), .real(box.minX), .real(box.minY), .real(box.maxX), .real(box.maxY)])
        defer { s.reset() }
        return try s.step() ? s.int64(0) : nil
    }
}
