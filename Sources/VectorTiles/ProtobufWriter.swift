/// Writes protocol-buffer wire format into one byte buffer sized up front. Message lengths are computed
/// before the message is written (see `TileSizes`), so nothing is back-patched or moved. Also used for
/// MapLibre's glyph ranges (the Glyphs target).
public struct ProtobufWriter {
    public enum WireType: UInt32 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    public private(set) var bytes: [UInt8]

    public init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func key(_ field: UInt32, _ wire: WireType) {
        varint(UInt64(field << 3 | wire.rawValue))
    }

    /// The key and length of a length-delimited field; the caller then writes exactly `length` bytes.
    public mutating func lengthDelimited(_ field: UInt32, length: Int) {
        key(field, .lengthDelimited)
        varint(UInt64(length))
    }

    public mutating func string(_ field: UInt32, _ s: String) {
        lengthDelimited(field, length: s.utf8.count)
        bytes.append(contentsOf: s.utf8)
    }

    /// Bytes written as they are (an already encoded message body).
    public mutating func raw(_ source: ArraySlice<UInt8>) {
        bytes.append(contentsOf: source)
    }

    mutating func fixed32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func fixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A packed repeated uint32 field whose varints take `length` bytes in all.
    mutating func packed(_ field: UInt32, _ values: ArraySlice<UInt32>, length: Int) {
        lengthDelimited(field, length: length)
        for v in values { varint(UInt64(v)) }
    }

    static func varintSize(_ value: UInt64) -> Int {
        // One byte per started group of 7 significant bits; zero still takes one byte.
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }

    static func varintSize(_ value: Int) -> Int { varintSize(UInt64(value)) }

    /// Bytes of a length-delimited field (key of one byte, as every field number here is below 16) holding
    /// `length` bytes.
    static func fieldSize(length: Int) -> Int { 1 + varintSize(length) + length }

    static func packedLength(_ values: ArraySlice<UInt32>) -> Int {
        var n = 0
        for v in values { n += varintSize(UInt64(v)) }
        return n
    }

    static func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }
    public static func zigzag(_ v: Int32) -> UInt32 { UInt32(bitPattern: (v << 1) ^ (v >> 31)) }
}
