/// The BLOB of one stored chunk: most cells of a chunk are empty and most lanes of a cell are zero, so only
/// non-empty cells are written, each as its index, a lane mask and its non-zero lanes as zigzag varints.
///
/// Layout: a version byte (1), then per non-empty cell in index order: index (UInt16, little-endian), a byte
/// whose bit n says `sums[n]` is non-zero, a byte whose bit n says `counts[n]` is non-zero, then those lanes as
/// zigzag LEB128 varints, sums before counts.
public enum GridChunkCodec {
    public struct DecodeError: Error, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { "invalid grid chunk: \(reason)" }
    }

    static let version: UInt8 = 1

    /// The blob of a chunk's dense cells, or nil when every cell is empty (the row is then deleted).
    public static func encode(_ cells: UnsafeBufferPointer<CellSums>) -> [UInt8]? {
        var out: [UInt8] = []
        for (index, c) in cells.enumerated() where !c.isZero {
            if out.isEmpty {
                out.reserveCapacity(256)
                out.append(version)
            }
            out.append(UInt8(truncatingIfNeeded: index))
            out.append(UInt8(truncatingIfNeeded: index >> 8))
            var sumMask: UInt8 = 0, countMask: UInt8 = 0
            for n in 0..<8 {
                if c.sums[n] != 0 { sumMask |= 1 << n }
                if c.counts[n] != 0 { countMask |= 1 << n }
            }
            out.append(sumMask)
            out.append(countMask)
            for n in 0..<8 where c.sums[n] != 0 { appendVarint(c.sums[n], to: &out) }
            for n in 0..<8 where c.counts[n] != 0 { appendVarint(Int64(c.counts[n]), to: &out) }
        }
        return out.isEmpty ? nil : out
    }

    /// Decodes into `cells` (ChunkKey.cellCount long), which must be zero where the blob has no cell.
    public static func decode(_ bytes: UnsafeRawBufferPointer, into cells: UnsafeMutableBufferPointer<CellSums>) throws(DecodeError) {
        guard let first = bytes.first else { return }
        guard first == version else { throw DecodeError(reason: "unknown version \(first)") }
        var p = 1
        func byte() throws(DecodeError) -> UInt8 {
            guard p < bytes.count else { throw DecodeError(reason: "truncated at byte \(p)") }
            defer { p += 1 }
            return bytes[p]
        }
        func varint() throws(DecodeError) -> Int64 {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte()
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
                guard shift < 64 else { throw DecodeError(reason: "varint too long at byte \(p)") }
            }
            return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
        }
        while p < bytes.count {
            let index = Int(try byte()) | Int(try byte()) << 8
            guard index < cells.count else { throw DecodeError(reason: "cell index \(index) out of range") }
            let sumMask = try byte(), countMask = try byte()
            var c = CellSums.zero
            for n in 0..<8 where sumMask & (1 << n) != 0 { c.sums[n] = try varint() }
            for n in 0..<8 where countMask & (1 << n) != 0 { c.counts[n] = Int32(truncatingIfNeeded: try varint()) }
            cells[index] = c
        }
    }

    private static func appendVarint(_ value: Int64, to out: inout [UInt8]) {
        var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}
