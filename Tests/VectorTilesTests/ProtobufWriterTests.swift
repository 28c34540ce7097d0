import Testing
@testable import VectorTiles

@Suite struct ProtobufWriterTests {
    @Test func varintsAreLittleEndianGroupsOfSeven() {
        var w = ProtobufWriter(capacity: 16)
        w.varint(0)
        w.varint(1)
        w.varint(127)
        w.varint(128)
        w.varint(300)
        #expect(w.bytes == [0x00, 0x01, 0x7F, 0x80, 0x01, 0xAC, 0x02])
        var big = ProtobufWriter(capacity: 10)
        big.varint(.max)
        #expect(big.bytes == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
    }

    @Test func varintSizesMatchWhatIsWritten() {
        for v: UInt64 in [0, 1, 127, 128, 16_383, 16_384, 1 << 35, .max] {
            var w = ProtobufWriter(capacity: 10)
            w.varint(v)
            #expect(ProtobufWriter.varintSize(v) == w.bytes.count, "\(v)")
        }
    }

    @Test func zigzagMapsSignedToUnsigned() {
        #expect([0, -1, 1, -2, 2].map { ProtobufWriter.zigzag(Int32($0)) } == [0, 1, 2, 3, 4])
        #expect(ProtobufWriter.zigzag(Int32.max) == UInt32.max - 1)
        #expect(ProtobufWriter.zigzag(Int32.min) == UInt32.max)
        #expect(ProtobufWriter.zigzag(Int64(-3)) == 5)
    }

    @Test func keysCombineFieldAndWireType() {
        var w = ProtobufWriter(capacity: 8)
        w.key(3, .lengthDelimited)
        w.key(15, .varint)
        w.key(2, .fixed32)
        w.key(3, .fixed64)
        #expect(w.bytes == [0x1A, 0x78, 0x15, 0x19])
    }
}
