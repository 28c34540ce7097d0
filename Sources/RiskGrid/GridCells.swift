import RiskModel
import Store

/// The figures of one grid cell, in integers so that adding and subtracting contributions is exact and
/// order-independent: an incrementally maintained grid is bit-identical to a full rebuild.
///
/// `sums`: hazard H in micro-units (1e-6), exposure E in micro-units, pipeline length by kind in millimetres
/// (lanes 2…6, in `Catalog.pipelineKinds` order), number of crowded sites (lane 7).
/// `counts`: risks located in the cell by level rank (lanes 0…3, major first) and risks whose impact circle
/// reaches the cell centre by level rank (lanes 4…7). At coarser levels every lane is the sum of the children,
/// so "reaching" counts a risk once per base cell it reaches; it serves the worst level, not a head count.
public struct CellSums: Hashable, Sendable {
    public var sums: SIMD8<Int64>
    public var counts: SIMD8<Int32>

    public static let zero = CellSums(sums: .zero, counts: .zero)
    public static let micro = 1_000_000.0
    public static let exposureLane = 1
    public static let pipelineLane = 2
    public static let sitesLane = 7

    @inlinable public init(sums: SIMD8<Int64>, counts: SIMD8<Int32>) {
        self.sums = sums
        self.counts = counts
    }

    @inlinable public var isZero: Bool { sums == .zero && counts == .zero }

    @inlinable public static func += (a: inout CellSums, b: CellSums) {
        a.sums &+= b.sums
        a.counts &+= b.counts
    }

    @inlinable public static func + (a: CellSums, b: CellSums) -> CellSums {
        var sum = a
        sum += b
        return sum
    }

    @inlinable public static func -= (a: inout CellSums, b: CellSums) {
        a.sums &-= b.sums
        a.counts &-= b.counts
    }

    public var hazard: Double { Double(sums[0]) / Self.micro }
    public var exposure: Double { Double(sums[Self.exposureLane]) / Self.micro }
    public var siteCount: Int { Int(sums[Self.sitesLane]) }

    /// Risks located in the cell at `level`.
    public func located(_ level: RiskLevel) -> Int { Int(counts[level.rank]) }
    /// Impact circles of `level` reaching the cell (summed over base cells at coarser levels).
    public func reaching(_ level: RiskLevel) -> Int { Int(counts[4 + level.rank]) }

    /// The most severe level among the risks located in the cell or reaching it.
    public var worstLevel: RiskLevel? {
        RiskLevel.allCases.first { counts[$0.rank] > 0 || counts[4 + $0.rank] > 0 }
    }

    /// Pipeline length in metres for a kind index of `Catalog.pipelineKinds`.
    public func pipelineMetres(kind: Int) -> Double { Double(sums[Self.pipelineLane + kind]) / 1000 }

    public var pipelineMetres: Double {
        (0..<Catalog.pipelineKinds.count).reduce(0) { $0 + pipelineMetres(kind: $1) }
    }
}

/// A cell of the pyramid: level, column i and row j (cell i covers x from i·side to (i+1)·side in the grid CRS).
public struct CellKey: Hashable, Sendable, Comparable {
    public var level: Int
    public var i: Int
    public var j: Int

    public init(level: Int, i: Int, j: Int) {
        self.level = level
        self.i = i
        self.j = j
    }

    /// The cell holding this one at a coarser level (arithmetic shift: floor division, negative indices too).
    public func parent(at level: Int) -> CellKey {
        CellKey(level: level, i: i >> (level - self.level), j: j >> (level - self.level))
    }

    public var chunk: ChunkKey { ChunkKey(level: level, cx: i >> ChunkKey.shift, cy: j >> ChunkKey.shift) }

    public static func < (a: CellKey, b: CellKey) -> Bool { (a.level, a.j, a.i) < (b.level, b.j, b.i) }
}

/// A square of 32 × 32 cells of one level: the unit of storage (one row, one BLOB), of incremental update and
/// of tile invalidation.
public struct ChunkKey: Hashable, Sendable, Comparable {
    public static let shift = 5
    public static let side = 1 << shift
    public static let cellCount = side * side

    public var level: Int
    public var cx: Int
    public var cy: Int

    public init(level: Int, cx: Int, cy: Int) {
        self.level = level
        self.cx = cx
        self.cy = cy
    }

    /// Index of a cell of this chunk in its dense array (row-major from the chunk's lower-left cell).
    @inlinable public static func index(i: Int, j: Int) -> Int {
        ((j & (side - 1)) << shift) | (i & (side - 1))
    }

    public func cell(index: Int) -> CellKey {
        CellKey(level: level, i: (cx << Self.shift) | (index & (Self.side - 1)), j: (cy << Self.shift) | (index >> Self.shift))
    }

    public static func < (a: ChunkKey, b: ChunkKey) -> Bool { (a.level, a.cy, a.cx) < (b.level, b.cy, b.cx) }
}
