/// A dense rectangle of cells of one level: the working array of a rebuild (cell index → figures, no objects).
struct CellBlock {
    let level: Int
    let i0: Int
    let j0: Int
    let width: Int
    let height: Int
    var cells: [CellSums]

    init(level: Int, i0: Int, j0: Int, width: Int, height: Int) {
        self.level = level
        self.i0 = i0
        self.j0 = j0
        self.width = width
        self.height = height
        cells = Array(repeating: .zero, count: width * height)
    }

    @inline(__always) mutating func add(i: Int, j: Int, _ c: CellSums) {
        cells[(j - j0) * width + (i - i0)] += c
    }

    /// The next level up: each cell the sum of its 2 × 2 children. Needs even origin and size, which the
    /// builder guarantees by aligning the base block to 2^(levels − 1) cells.
    func coarser() -> CellBlock {
        var up = CellBlock(level: level + 1, i0: i0 >> 1, j0: j0 >> 1, width: width / 2, height: height / 2)
        for j in 0..<height {
            let row = j * width, upRow = (j >> 1) * up.width
            for i in 0..<width where !cells[row + i].isZero {
                up.cells[upRow + (i >> 1)] += cells[row + i]
            }
        }
        return up
    }

    /// The chunks this block overlaps, each as its dense cells (zero outside the block).
    func forEachChunk(_ body: (ChunkKey, [CellSums]) throws -> Void) rethrows {
        var chunk = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
        let s = ChunkKey.shift
        for cy in (j0 >> s)...((j0 + height - 1) >> s) {
            for cx in (i0 >> s)...((i0 + width - 1) >> s) {
                var any = false
                for n in chunk.indices { chunk[n] = .zero }
                for dj in 0..<ChunkKey.side {
                    let j = (cy << s) + dj
                    guard j >= j0, j < j0 + height else { continue }
                    for di in 0..<ChunkKey.side {
                        let i = (cx << s) + di
                        guard i >= i0, i < i0 + width else { continue }
                        let c = cells[(j - j0) * width + (i - i0)]
                        if !c.isZero {
                            chunk[(dj << s) | di] = c
                            any = true
                        }
                    }
                }
                if any { try body(ChunkKey(level: level, cx: cx, cy: cy), chunk) }
            }
        }
    }
}
