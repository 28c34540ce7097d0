import RiskModel
import GeoKit
import Projection
import Store

/// Reads the risk grid for the API: cells in a box at a level, at an instant, as values or GeoJSON; the level
/// for a map zoom; why a cell is hot (GridExplain); per-area figures (AreaSummary).
///
/// Not Sendable: it owns a PROJ context and uses one connection, so a server worker keeps one of its own next
/// to its `Reader` (`GridQuery(reader:)`), like its statement cache.
public final class GridQuery {
    public let connection: Connection
    public let meta: GridMeta
    let context = ProjContext()
    /// EPSG:4326 → grid CRS (inverse for cell corners).
    let toGrid: Transformer
    private var windowed: (version: Int64, items: [GridItemLoader.Windowed], boundaries: [String])?
    private var coverage: (version: Int64, box: BBox?)?
    /// Every coarser level's peaks (the largest base-cell index under each cell) for the whole city at one
    /// stretch of time, worked out again only when the data change (`cityPeaks`).
    private var peaks: (version: Int64, period: String, byLevel: [[CellKey: Double]])?

    /// A cell with its figures and what follows from them under the grid's risk model.
    public struct Cell: Sendable, Equatable {
        public let key: CellKey
        public let sums: CellSums
        /// C = H × (1 + E / exposureScale) at the base level; at coarser levels the largest C of the base cells
        /// it covers (H, E and the counts stay sums).
        public let combined: Double
        public let colour: RiskColour?
    }

    /// At most this many cells per request: a box that needs more should ask a coarser level.
    public static let maxCells = 65_536

    public convenience init(reader: Reader) throws {
        try self.init(connection: reader.connection)
    }

    /// Throws `GridError.notBuilt` when the database has no grid yet.
    public init(connection: Connection) throws {
        guard let meta = try GridStore.meta(connection) else { throw GridError.notBuilt }
        self.connection = connection
        self.meta = meta
        toGrid = try context.transformer(from: .wgs84, to: meta.geometry.crs)
    }

    public var geometry: GridGeometry { meta.geometry }

    /// False once a rebuild has changed the grid's parameters (CRS, cell size, model): a worker that keeps its
    /// GridQuery checks this per request (one indexed row) and makes a new one when it is false.
    public func isCurrent() throws -> Bool { try GridStore.meta(connection) == meta }

    /// The pyramid level for web-map zoom `zoom` (GridGeometry.level(forZoom:latitude:)).
    public func level(forZoom zoom: Int, latitude: Double) -> Int { geometry.level(forZoom: zoom, latitude: latitude) }

    /// The non-empty cells of `level` meeting a lon/lat box, as they are at `at` (epoch seconds; the stored
    /// grid plus the items whose time window holds `at`), in row order.
    public func cells(in box: BBox, level: Int, at: Int64) throws -> [Cell] {
        guard (0..<geometry.levels).contains(level) else { throw GridError.invalidLevel(level, levels: geometry.levels) }
        let range = geometry.cells(meeting: try projected(box), level: level)
        let count = range.i.count * range.j.count
        guard count <= Self.maxCells else { throw GridError.tooManyCellsRequested(count, limit: Self.maxCells) }
        var found: [CellKey: CellSums] = [:]
        let s = ChunkKey.shift
        var chunk = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
        try GridStore.forEachChunk(level: level, cx: (range.i.lowerBound >> s)...(range.i.upperBound >> s),
                                   cy: (range.j.lowerBound >> s)...(range.j.upperBound >> s), connection) { key, blob in
            try GridStore.decode(blob, into: &chunk)
            for (n, c) in chunk.enumerated() where !c.isZero {
                let cell = key.cell(index: n)
                if range.i.contains(cell.i), range.j.contains(cell.j) { found[cell] = c }
            }
        }
        try overlay(at: at, near: box) { base, c in
            let cell = base.parent(at: level)
            if range.i.contains(cell.i), range.j.contains(cell.j) { found[cell, default: .zero] += c }
        }
        let peaks = level == 0 ? [:] : try cityPeaks(at: at)[level]
        return found.filter { !$0.value.isZero }.sorted { $0.key < $1.key }.map { self.cell($0.key, $0.value, peak: peaks[$0.key]) }
    }

    /// Every stored cell of `level` (the permanent items; no time-windowed overlay), in row order: the whole
    /// city's distribution, for class shares and checks across levels.
    public func storedCells(level: Int) throws -> [Cell] {
        guard (0..<geometry.levels).contains(level) else { throw GridError.invalidLevel(level, levels: geometry.levels) }
        guard let chunks = try connection.gridChunkRange(level: level) else { return [] }
        let s = ChunkKey.shift
        let range = (i: (chunks.cx.lowerBound << s)...(((chunks.cx.upperBound + 1) << s) - 1),
                     j: (chunks.cy.lowerBound << s)...(((chunks.cy.upperBound + 1) << s) - 1))
        var found: [CellKey: CellSums] = [:]
        var chunk = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
        try GridStore.forEachChunk(level: level, cx: chunks.cx, cy: chunks.cy, connection) { key, blob in
            try GridStore.decode(blob, into: &chunk)
            for (n, c) in chunk.enumerated() where !c.isZero { found[key.cell(index: n)] = c }
        }
        let peaks = level == 0 ? [:] : try basePeaks(under: range, level: level, [:])
        return found.sorted { $0.key < $1.key }.map { cell($0.key, $0.value, peak: peaks[$0.key]) }
    }

    /// The largest base-cell index under each cell of every level (index 0 unused) at `at`, the stored base
    /// cells plus the time-windowed items then, for the whole city: one pass over the base cells per change of
    /// the data (or of the stretch of time), instead of one per tile over the base cells under it — a low-zoom
    /// tile covers the whole city, and the viewer asks a dozen of them at once.
    func cityPeaks(at: Int64) throws -> [[CellKey: Double]] {
        let version = try connection.dataVersion()
        let period = try period(at: at)
        if let p = peaks, p.version == version, p.period == period { return p.byLevel }
        var overlaid = ChunkOverlay()
        if let city = try covered(BBox(minX: -180, minY: -85, maxX: 180, maxY: 85)) {
            try overlay(at: at, near: city) { key, c in overlaid.add(key, c) }
        }
        var byLevel = [[CellKey: Double]](repeating: [:], count: geometry.levels)
        guard geometry.levels > 1 else { return byLevel }
        // Level 1 from the base cells, chunk by chunk; each further level from the one below (four cells each).
        func note(_ key: CellKey, _ c: CellSums) {
            let index = meta.config.combined.value(hazard: c.hazard, exposure: c.exposure)
            let up = key.parent(at: 1)
            if index > byLevel[1][up] ?? 0 { byLevel[1][up] = index }
        }
        if let chunks = try connection.gridChunkRange(level: 0) {
            var chunk = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
            try GridStore.forEachChunk(level: 0, cx: chunks.cx, cy: chunks.cy, connection) { key, blob in
                try GridStore.decode(blob, into: &chunk)
                overlaid.take(key, into: &chunk)
                for (n, c) in chunk.enumerated() where !c.isZero { note(key.cell(index: n), c) }
            }
        }
        for (key, cells) in overlaid.remaining {
            for (n, c) in cells.enumerated() where !c.isZero { note(key.cell(index: n), c) }
        }
        for level in 2..<geometry.levels {
            var up: [CellKey: Double] = [:]
            up.reserveCapacity(byLevel[level - 1].count / 3)
            for (key, index) in byLevel[level - 1] {
                let k = key.parent(at: level)
                if index > up[k] ?? 0 { up[k] = index }
            }
            byLevel[level] = up
        }
        peaks = (version, period, byLevel)
        return byLevel
    }

    /// The largest base-cell index under each cell of `range` at `level`, the stored base cells plus the
    /// time-windowed items at the instant (`overlaid`, by base cell): a coarser cell shows the worst place it
    /// covers, so zooming out never hides a red cell nor paints a cell redder than any place in it.
    private func basePeaks(under range: (i: ClosedRange<Int>, j: ClosedRange<Int>), level: Int,
                           _ overlaid: [CellKey: CellSums]) throws -> [CellKey: Double] {
        var peaks: [CellKey: Double] = [:]
        var extra = overlaid
        func note(_ key: CellKey, _ c: CellSums) {
            let index = meta.config.combined.value(hazard: c.hazard, exposure: c.exposure)
            let up = key.parent(at: level)
            if index > peaks[up] ?? 0 { peaks[up] = index }
        }
        let s = ChunkKey.shift
        let i = (range.i.lowerBound << level)...(((range.i.upperBound + 1) << level) - 1)
        let j = (range.j.lowerBound << level)...(((range.j.upperBound + 1) << level) - 1)
        var chunk = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
        try GridStore.forEachChunk(level: 0, cx: (i.lowerBound >> s)...(i.upperBound >> s), cy: (j.lowerBound >> s)...(j.upperBound >> s), connection) { key, blob in
            try GridStore.decode(blob, into: &chunk)
            for (n, c) in chunk.enumerated() where !c.isZero {
                let cell = key.cell(index: n)
                guard i.contains(cell.i), j.contains(cell.j) else { continue }
                note(cell, c + (extra.removeValue(forKey: cell) ?? .zero))
            }
        }
        for (cell, c) in extra { note(cell, c) }
        return peaks
    }

    /// How many stored cells of a level have an index > 0, and how many of them fall in each class.
    public struct Census: Sendable, Equatable {
        public let level: Int
        public let cells: Int
        public let byClass: [RiskColour: Int]
    }

    public func census(level: Int) throws -> Census {
        var cells = 0
        var byClass: [RiskColour: Int] = [:]
        for c in try storedCells(level: level) where c.combined > 0 {
            cells += 1
            if let colour = c.colour { byClass[colour, default: 0] += 1 }
        }
        return Census(level: level, cells: cells, byClass: byClass)
    }

    /// The part of a lon/lat box where the grid can have a non-empty cell at any instant (nil when there is
    /// none): a map tile asks for this rather than its whole box, so its cost follows the grid's data, and a
    /// tile spanning a hemisphere, which has no shape in the grid's transverse Mercator plane, asks for the city.
    public func covered(_ box: BBox) throws -> BBox? {
        guard let c = try coverageBox() else { return nil }
        let cut = BBox(minX: max(box.minX, c.minX), minY: max(box.minY, c.minY), maxX: min(box.maxX, c.maxX), maxY: min(box.maxY, c.maxY))
        return cut.isEmpty ? nil : cut
    }

    /// The stored base cells and the reach of every time-windowed item, grown by a cell of the coarsest level,
    /// in lon/lat (its edges sampled: straight lines of the grid's plane bend slightly in lon/lat, by far less
    /// than the growth); worked out again only when the database has changed.
    private func coverageBox() throws -> BBox? {
        let version = try connection.dataVersion()
        if let cached = coverage, cached.version == version { return cached.box }
        var area = BBox.empty
        if let chunks = try connection.gridChunkRange(level: 0) {
            let side = Double(ChunkKey.side) * geometry.cellSize
            area = BBox(minX: Double(chunks.cx.lowerBound) * side, minY: Double(chunks.cy.lowerBound) * side,
                        maxX: Double(chunks.cx.upperBound + 1) * side, maxY: Double(chunks.cy.upperBound + 1) * side)
        }
        for w in try windowedItems() {
            let r: Double = if case .hazard(_, let radius) = w.item.kind { radius } else { 0 }
            for p in w.item.points { area.extend(BBox(minX: p.x - r, minY: p.y - r, maxX: p.x + r, maxY: p.y + r)) }
        }
        var box: BBox?
        if !area.isEmpty {
            let grown = area.expanded(dx: geometry.side(level: geometry.levels - 1), dy: geometry.side(level: geometry.levels - 1))
            var edge: [Coordinate] = []
            for n in 0...8 {
                let f = Double(n) / 8
                let x = grown.minX + f * grown.width, y = grown.minY + f * grown.height
                edge += [Coordinate(x, grown.minY), Coordinate(x, grown.maxY), Coordinate(grown.minX, y), Coordinate(grown.maxX, y)]
            }
            try toGrid.transform(&edge, direction: .inverse)
            var lonLat = BBox.empty
            for p in edge { lonLat.extend(p) }
            box = lonLat
        }
        coverage = (version, box)
        return box
    }

    /// The cell of `level` holding a lon/lat point, at `at`.
    public func cell(lon: Double, lat: Double, level: Int = 0, at: Int64) throws -> Cell {
        let p = try toGrid.transform(Coordinate(lon, lat))
        let (i, j) = geometry.cell(x: p.x, y: p.y)
        let key = CellKey(level: 0, i: i, j: j).parent(at: level)
        let box = try lonLatBox(of: key)
        let c = try cells(in: box, level: level, at: at).first { $0.key == key }
        return c ?? cell(key, .zero)
    }

    /// A cell's index is C of its own H and E at the base level, and the largest base-cell index it covers
    /// (`peak`) at coarser levels.
    func cell(_ key: CellKey, _ sums: CellSums, peak: Double? = nil) -> Cell {
        let c = key.level == 0 ? meta.config.combined.value(hazard: sums.hazard, exposure: sums.exposure) : (peak ?? 0)
        return Cell(key: key, sums: sums, combined: c, colour: meta.colour(c))
    }

    /// Adds the contributions of every item whose time window holds `at` and which may reach `box` (lon/lat).
    func overlay(at: Int64, near box: BBox, _ add: (CellKey, CellSums) -> Void) throws {
        let instant = Timestamp.format(epochSeconds: at)
        let area = try projected(box)
        let contributions = GridContributions(geometry: geometry, config: meta.config)
        for w in try windowedItems() where w.isActive(at: instant) {
            let r: Double = if case .hazard(_, let radius) = w.item.kind { radius } else { 0 }
            var reach = BBox.empty
            for p in w.item.points { reach.extend(p) }
            guard reach.expanded(dx: r, dy: r).intersects(area) else { continue }
            contributions.forEach(w.item) { i, j, c in add(CellKey(level: 0, i: i, j: j), c) }
        }
    }

    /// Every time-windowed item, projected, loaded again only when the database has changed since
    /// (`PRAGMA data_version` moves when another connection commits): they are a few thousand at suzhou scale,
    /// and loading them for every tile cost more than the tile.
    func windowedItems() throws -> [GridItemLoader.Windowed] {
        try loadWindowed().items
    }

    /// Names the stretch of time between two window boundaries that holds `at`: every instant with the same
    /// name has the same grid (until the data change), so answers can be kept per stretch of time instead of
    /// per instant. The name is the last boundary at or before `at` ("" before the first).
    public func period(at: Int64) throws -> String {
        let instant = Timestamp.format(epochSeconds: at)
        let boundaries = try loadWindowed().boundaries
        // The first boundary after the instant; the period starts at the one before it.
        var low = 0, high = boundaries.count
        while low < high {
            let mid = (low + high) / 2
            if boundaries[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? "" : boundaries[low - 1]
    }

    private func loadWindowed() throws -> (items: [GridItemLoader.Windowed], boundaries: [String]) {
        let version = try connection.dataVersion()
        if let cached = windowed, cached.version == version { return (cached.items, cached.boundaries) }
        var rows: [GridItemLoader.Windowed] = []
        for layer in GridItemLoader.layers { rows += try GridItemLoader.rows(layer, .windowed, config: meta.config, connection) }
        var items = rows.map(\.item)
        try items.project(with: toGrid)
        for n in rows.indices { rows[n].item = items[n] }
        let boundaries = Set(rows.flatMap { [$0.from, $0.to].compactMap { $0 } }).sorted()
        windowed = (version, rows, boundaries)
        return (rows, boundaries)
    }

    /// A lon/lat box in the grid CRS: its corners and edge midpoints projected (lines of longitude and latitude
    /// bend slightly in a transverse Mercator plane), grown by one base cell.
    func projected(_ box: BBox) throws -> BBox {
        var ps = [Coordinate(box.minX, box.minY), Coordinate(box.maxX, box.minY), Coordinate(box.minX, box.maxY),
                  Coordinate(box.maxX, box.maxY), Coordinate(box.center.x, box.minY), Coordinate(box.center.x, box.maxY),
                  Coordinate(box.minX, box.center.y), Coordinate(box.maxX, box.center.y)]
        try toGrid.transform(&ps)
        var out = BBox.empty
        for p in ps { out.extend(p) }
        return out.expanded(dx: geometry.cellSize, dy: geometry.cellSize)
    }

    /// The four corners of cells in lon/lat (lower-left, lower-right, upper-right, upper-left per cell).
    /// Neighbouring cells share corners, so each lattice point is projected once: a tile's block of cells
    /// needs about a quarter of the transforms.
    public func corners(of keys: [CellKey]) throws -> [Coordinate] {
        struct Corner: Hashable { let level: Int, i: Int, j: Int }
        var index: [Corner: Int] = [:]
        index.reserveCapacity(keys.count * 2)
        var points: [Coordinate] = []
        var slots: [Int] = []
        slots.reserveCapacity(keys.count * 4)
        for key in keys {
            let s = geometry.side(level: key.level)
            for (di, dj) in [(0, 0), (1, 0), (1, 1), (0, 1)] {
                let c = Corner(level: key.level, i: key.i + di, j: key.j + dj)
                if let n = index[c] {
                    slots.append(n)
                } else {
                    index[c] = points.count
                    slots.append(points.count)
                    points.append(Coordinate(Double(c.i) * s, Double(c.j) * s))
                }
            }
        }
        try toGrid.transform(&points, direction: .inverse)
        return slots.map { points[$0] }
    }

    /// Base-cell lattice points (i, j: the corner below and left of cell (i, j)) in lon/lat.
    public func lonLat(ofVertices vertices: [(i: Int, j: Int)]) throws -> [Coordinate] {
        var points = vertices.map { Coordinate(Double($0.i) * geometry.cellSize, Double($0.j) * geometry.cellSize) }
        try toGrid.transform(&points, direction: .inverse)
        return points
    }

    /// The centres of base cells in lon/lat.
    public func centres(of keys: [CellKey]) throws -> [Coordinate] {
        var points = keys.map { Coordinate((Double($0.i) + 0.5) * geometry.cellSize, (Double($0.j) + 0.5) * geometry.cellSize) }
        try toGrid.transform(&points, direction: .inverse)
        return points
    }

    func lonLatBox(of key: CellKey) throws -> BBox {
        var box = BBox.empty
        for p in try corners(of: [key]) { box.extend(p) }
        return box
    }
}
