/// The time-windowed items' contributions to the base cells, gathered per chunk in dense 32 × 32 arrays: an item
/// adds to cells side by side, so adding hashes only when the chunk changes, and a stored chunk takes its overlay
/// in one look-up. (A dictionary per cell cost most of a whole-city pass at suzhou scale.)
struct ChunkOverlay {
    private var index: [ChunkKey: Int] = [:]
    private var chunks: [(key: ChunkKey, cells: [CellSums])] = []
    private var last: (key: ChunkKey, slot: Int)?

    var isEmpty: Bool { chunks.isEmpty }

    mutating func add(_ key: CellKey, _ c: CellSums) {
        let chunk = key.chunk
        let slot: Int
        if let last, last.key == chunk {
            slot = last.slot
        } else if let found = index[chunk] {
            slot = found
        } else {
            slot = chunks.count
            index[chunk] = slot
            chunks.append((chunk, [CellSums](repeating: .zero, count: ChunkKey.cellCount)))
        }
        last = (chunk, slot)
        let mask = ChunkKey.side - 1
        chunks[slot].cells[(key.j & mask) << ChunkKey.shift | (key.i & mask)] += c
    }

    /// Adds chunk `key`'s overlay into `cells` (a decoded chunk) and forgets it; false when it had none.
    @discardableResult
    mutating func take(_ key: ChunkKey, into cells: inout [CellSums]) -> Bool {
        guard let slot = index.removeValue(forKey: key) else { return false }
        for n in cells.indices { cells[n] += chunks[slot].cells[n] }
        chunks[slot].cells = []
        return true
    }

    /// The chunks not taken, with their cells.
    var remaining: [(key: ChunkKey, cells: [CellSums])] {
        index.values.sorted().map { chunks[$0] }
    }
}
