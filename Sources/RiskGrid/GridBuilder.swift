import RiskModel
import Foundation
import GeoKit
import Projection
import Store

/// Recomputes the whole stored grid from the layers: permanent risks, sites and pipelines (items with a time
/// window are overlaid at query time by `GridQuery`), every pyramid level, in the caller's transaction.
public struct GridBuilder: Sendable {
    public struct Progress: Sendable {
        public let stage: String
        public let done: Int
        public let total: Int
    }

    public struct Report: Sendable {
        public let geometry: GridGeometry
        /// Items placed on the grid, by layer.
        public let items: [String: Int]
        public let baseCells: Int
        public let chunks: Int
        /// The class breaks the grid was stored with.
        public let breaks: PerColour<Double>
    }

    public let config: RiskModelConfig
    /// How far beyond the data a derived extent reaches (about 50 km): room for the city to grow between
    /// rebuilds, while a feature on another continent is refused.
    public static let extentMarginDegrees = 0.5

    public init(config: RiskModelConfig = .standard) {
        self.config = config
    }

    /// Rebuilds the grid. Without `geometry` the CRS is chosen afresh from the configuration and the data's
    /// extent (a rebuild may move the grid to another zone); with it the grid keeps that geometry. Without
    /// `breaks` the class breaks are computed afresh from the populated base cells (`config.classes`); with them
    /// (a bulk import's rebuild) the city keeps the classes it had.
    @discardableResult
    public func rebuild(_ db: Connection, builtAt: String, geometry fixed: GridGeometry? = nil, breaks kept: PerColour<Double>? = nil,
                       progress: (Progress) -> Void = { _ in }) throws -> Report {
        let context = ProjContext()
        let data = try dataExtent(db)
        let extent: BBox
        if let configured = config.grid.extentBox {
            guard configured.contains(data) else { throw GridError.outsideExtent(data: data, extent: configured) }
            extent = configured
        } else {
            let m = Self.extentMarginDegrees
            extent = BBox(minX: max(-180, data.minX - m), minY: max(-90, data.minY - m), maxX: min(180, data.maxX + m), maxY: min(90, data.maxY + m))
        }
        let geometry: GridGeometry
        if let fixed {
            geometry = fixed
        } else {
            let crs: CRS
            if case .fixed(let configured) = config.grid.policy {
                try context.checkMetric(configured)
                crs = configured
            } else {
                crs = try context.gridCRS(for: data, policy: config.grid.policy)
            }
            geometry = GridGeometry(crs: crs, cellSize: config.grid.cellSizeM, levels: config.grid.levels)
        }
        let transformer = try context.transformer(from: .wgs84, to: geometry.crs)

        var items: [GridItem] = []
        var counts: [String: Int] = [:]
        for (n, layer) in GridItemLoader.layers.enumerated() {
            progress(Progress(stage: "grid: load", done: n, total: GridItemLoader.layers.count))
            let loaded = try GridItemLoader.items(layer, .permanent, config: config, db)
            counts[layer.name] = loaded.count
            items += loaded
        }
        progress(Progress(stage: "grid: load", done: GridItemLoader.layers.count, total: GridItemLoader.layers.count))
        try items.project(with: transformer)

        let contributions = GridContributions(geometry: geometry, config: config)
        var block = try emptyBlock(for: items, geometry)
        for (n, item) in items.enumerated() {
            contributions.forEach(item) { i, j, c in block.add(i: i, j: j, c) }
            if n % 8192 == 0 { progress(Progress(stage: "grid: cells", done: n, total: items.count)) }
        }
        progress(Progress(stage: "grid: cells", done: items.count, total: items.count))
        let baseCells = block.cells.reduce(0) { $0 + ($1.isZero ? 0 : 1) }
        let breaks = kept ?? config.classes.breaks(block.cells.compactMap { c in
            c.isZero ? nil : config.combined.value(hazard: c.hazard, exposure: c.exposure)
        }, thresholds: config.combined.thresholds)

        try db.clearGridChunks()
        var chunks = 0
        for level in 0..<geometry.levels {
            if level > 0 { block = block.coarser() }
            try block.forEachChunk { key, cells in
                try GridStore.write(key, cells: cells, db)
                chunks += 1
            }
            progress(Progress(stage: "grid: store", done: level + 1, total: geometry.levels))
        }
        try GridStore.writeMeta(GridMeta(geometry: geometry, config: config, builtAt: builtAt, extent: extent, breaks: breaks), db)
        return Report(geometry: geometry, items: counts, baseCells: baseCells, chunks: chunks, breaks: breaks)
    }

    /// The lon/lat extent of everything the grid counts (the areas too, so an empty city still gets a zone).
    func dataExtent(_ db: Connection) throws -> BBox {
        var box = BBox.empty
        for layer in GridItemLoader.layers + [Catalog.areas] {
            if let e = try db.indexedExtent(of: layer) { box.extend(e) }
        }
        guard !box.isEmpty else { throw GridError.noData }
        return box
    }

    /// The base block covering every cell the items reach, aligned to 2^(levels − 1) cells so that each level
    /// halves exactly.
    private func emptyBlock(for items: [GridItem], _ geometry: GridGeometry) throws -> CellBlock {
        var box = BBox.empty
        for item in items {
            let r: Double = if case .hazard(_, let radius) = item.kind { radius } else { 0 }
            for p in item.points { box.extend(BBox(minX: p.x - r, minY: p.y - r, maxX: p.x + r, maxY: p.y + r)) }
        }
        if box.isEmpty { box = BBox(minX: 0, minY: 0, maxX: 0, maxY: 0) }
        let shift = geometry.levels - 1
        let lo = geometry.cell(x: box.minX, y: box.minY), hi = geometry.cell(x: box.maxX, y: box.maxY)
        let i0 = ((lo.i - 1) >> shift) << shift, j0 = ((lo.j - 1) >> shift) << shift
        let i1 = (((hi.i + 1) >> shift) + 1) << shift, j1 = (((hi.j + 1) >> shift) + 1) << shift
        let cells = (i1 - i0) * (j1 - j0)
        guard cells <= GridError.maxBaseCells else { throw GridError.tooManyCells(cells) }
        return CellBlock(level: 0, i0: i0, j0: j0, width: i1 - i0, height: j1 - j0)
    }
}

/// Why the grid could not be built or read.
public enum GridError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A dense base block above this (~1.5 GB of cells) means data spread far wider than a city.
    static let maxBaseCells = 16_000_000

    case noData
    case notBuilt
    case tooManyCells(Int)
    /// The data reaches beyond the configured `grid.extent`.
    case outsideExtent(data: BBox, extent: BBox)
    case tooManyCellsRequested(Int, limit: Int)
    case invalidLevel(Int, levels: Int)
    case notFound(String)

    /// A box as [west, south, east, north] with 4 decimals.
    public static func text(_ b: BBox) -> String {
        "[" + [b.minX, b.minY, b.maxX, b.maxY].map { String(format: "%.4f", $0) }.joined(separator: ", ") + "]"
    }

    public var description: String {
        switch self {
        case .noData: "the grid needs data to choose its zone: the database has no risks, sites, pipelines, reports or areas"
        case .notBuilt: "the risk grid has not been built: run `riskmap grid rebuild`"
        case .tooManyCells(let n): "the data spans \(n) base cells; configure a larger grid.cellSizeM or a fixed grid.crs for data this wide"
        case .outsideExtent(let data, let extent):
            "the data reaches \(GridError.text(data)), beyond grid.extent \(GridError.text(extent)); widen grid.extent or remove the features outside it"
        case .tooManyCellsRequested(let n, let limit): "the request covers \(n) cells (limit \(limit)); ask for a smaller box or a coarser level"
        case .invalidLevel(let l, let levels): "grid level \(l) does not exist (levels 0…\(levels - 1))"
        case .notFound(let what): what
        }
    }
}
