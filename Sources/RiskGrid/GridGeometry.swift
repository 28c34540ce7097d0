import RiskModel
import Foundation
import GeoKit
import Projection

/// Where the cells are: square cells of `cellSize` metres in a projected CRS, counted from the CRS origin so
/// that a cell's index never depends on the data's extent; level L cells have side cellSize · 2^L.
public struct GridGeometry: Sendable, Equatable {
    public let crs: CRS
    public let cellSize: Double
    public let levels: Int

    public init(crs: CRS, cellSize: Double, levels: Int) {
        self.crs = crs
        self.cellSize = cellSize
        self.levels = levels
    }

    public func side(level: Int) -> Double { cellSize * Double(1 << level) }

    /// The cell side of every pyramid level, in metres, base level first.
    public var sides: [Double] { (0..<levels).map(side(level:)) }

    /// The level whose cells are `metres` wide (the base size times a power of two), if there is one.
    public func level(side metres: Double) -> Int? { sides.firstIndex { abs($0 - metres) < 1e-6 } }

    /// The base cell holding a projected point (cells are half-open: [i·s, (i+1)·s)).
    @inlinable public func cell(x: Double, y: Double) -> (i: Int, j: Int) {
        (Int((x / cellSize).rounded(.down)), Int((y / cellSize).rounded(.down)))
    }

    /// The centre of a base cell, computed the same way everywhere (rebuild, incremental, explain), so a
    /// contribution depends only on the item and the cell.
    @inlinable public func centre(i: Int, j: Int) -> (x: Double, y: Double) {
        ((Double(i) + 0.5) * cellSize, (Double(j) + 0.5) * cellSize)
    }

    /// A cell's square in the grid CRS.
    public func bounds(_ key: CellKey) -> BBox {
        let s = side(level: key.level)
        return BBox(minX: Double(key.i) * s, minY: Double(key.j) * s, maxX: Double(key.i + 1) * s, maxY: Double(key.j + 1) * s)
    }

    /// The cells of `level` meeting a box of the grid CRS.
    public func cells(meeting box: BBox, level: Int) -> (i: ClosedRange<Int>, j: ClosedRange<Int>) {
        let s = side(level: level)
        return (Int((box.minX / s).rounded(.down))...Int((box.maxX / s).rounded(.down)),
                Int((box.minY / s).rounded(.down))...Int((box.maxY / s).rounded(.down)))
    }

    /// Cells per side of a 256-pixel tile at most; the level for a zoom is the finest whose cells fit.
    public static let maxCellsPerTileSide = 64.0

    /// The pyramid level to draw at web-map zoom `zoom` around `latitude`: the finest level at which a 256-px
    /// tile (40 075 016.7 m · cos φ / 2^z wide on the ground) holds at most 64 cells per side (4,096 cells; each
    /// cell at least 4 px), clamped to the pyramid. With 100 m cells and 8 levels at 31°N: z ≥ 13 → level 0
    /// (100 m), z12 → 1, z11 → 2, z10 → 3, z9 → 4, z8 → 5, z7 → 6, z ≤ 6 → 7 (12.8 km).
    public func level(forZoom zoom: Int, latitude: Double) -> Int {
        let tileMetres = 40_075_016.686 * cos(latitude * .pi / 180) / Double(1 << max(0, min(zoom, 30)))
        let wanted = tileMetres / Self.maxCellsPerTileSide / cellSize
        guard wanted > 1 else { return 0 }
        return min(levels - 1, Int(log2(wanted).rounded(.up)))
    }
}
