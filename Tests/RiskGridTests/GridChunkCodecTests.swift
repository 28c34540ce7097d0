import RiskGrid
import RiskModel
import Testing

@Suite struct GridChunkCodecTests {
    @Test func sparseCellsRoundTripAndEmptyChunksHaveNoBlob() throws {
        var cells = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
        #expect(cells.withUnsafeBufferPointer { GridChunkCodec.encode($0) } == nil)
        cells[0] = CellSums(sums: [27_000_000, 0, 0, 0, 0, 0, 0, 1], counts: [1, 0, 0, 0, 1, 0, 0, 0])
        cells[ChunkKey.cellCount - 1] = CellSums(sums: [-5, .max, .min, 1, 0, 0, 0, 0], counts: [0, 0, .max, 0, 0, -1, 0, 3])
        let blob = try #require(cells.withUnsafeBufferPointer { GridChunkCodec.encode($0) })
        #expect(blob.count < 60)
        var back = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
        try blob.withUnsafeBytes { b in try back.withUnsafeMutableBufferPointer { try GridChunkCodec.decode(b, into: $0) } }
        #expect(back == cells)
    }

    @Test func damagedBlobsAreRefused() {
        var cells = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
        cells[5] = CellSums(sums: [123_456_789, 0, 0, 0, 0, 0, 0, 0], counts: .zero)
        let blob = cells.withUnsafeBufferPointer { GridChunkCodec.encode($0) }!
        let damaged: [[UInt8]] = [Array(blob.dropLast()), [2] + Array(blob.dropFirst()), [1, 0xFF, 0xFF, 1, 0, 1]]
        for bad in damaged {
            #expect(throws: GridChunkCodec.DecodeError.self) {
                var out = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
                try bad.withUnsafeBytes { b in try out.withUnsafeMutableBufferPointer { try GridChunkCodec.decode(b, into: $0) } }
            }
        }
    }
}
