import Foundation
import GeoKit
import JSONText
import Testing

@Suite struct JSONNumberTests {
    static func text(_ v: Double) -> String {
        var out: [UInt8] = []
        JSONNumber.append(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A seeded generator, so a failure names a value that fails again.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
        mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
    }

    /// What every written number must be: JSON's number grammar, read back (as Swift and Foundation's JSON read
    /// it) as the same double, and no longer than `description`, whose digits are the shortest that round-trip.
    static func check(_ v: Double) {
        let t = text(v)
        #expect(Double(t) == v, "\(v.description) written \(t)")
        #expect(t.utf8.count <= v.description.utf8.count, "\(v.description) written longer: \(t)")
        #expect(t.range(of: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil, "\(t) is not a JSON number")
    }

    @Test func everyKindOfValueReadsBackTheSame() {
        var r = Seeded(state: 17)
        var values: [Double] = [0.1, 0.2, 0.3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, .pi, 1e-4, 0.00012345, 9.9999e-5, 1e-5, .leastNonzeroMagnitude,
                                .leastNormalMagnitude, .greatestFiniteMagnitude, 1e15 - 0.5, 999_999_999_999_999.9, 4503599627370495.5,
                                0x1p26 - 1e-7, 0x1p26 + 0.1, 67_108_863.9999999, 0.5, 0.05, 123.456, 8.6712345, 49.4722067]
        for _ in 0..<20_000 {
            // Any bit pattern that is a finite double: every magnitude, tiny and huge.
            let bits = Double(bitPattern: r.next())
            if bits.isFinite { values.append(bits) }
            // Lon/lat as OpenStreetMap stores them (7 decimals), and computed ones (interpolated, every digit).
            values.append(Double(Int64(r.unit() * 3_600_000_000) - 1_800_000_000) / 1e7)
            values.append(Double(Int64(r.unit() * 3_600_000_000) - 1_800_000_000) * 1e-7)
            values.append((r.unit() - 0.5) * 360)
            // Lengths and times rounded to 0.1, and values of every size from 10^-6 to 10^17.
            values.append((r.unit() * 1e6 * 10).rounded() / 10)
            values.append(r.unit() * pow(10, Double(Int(r.next() % 24)) - 6))
        }
        for v in values {
            Self.check(v)
            Self.check(-v)
        }
    }

    @Test func integersAreWrittenAsIntegers() {
        #expect(Self.text(0) == "0")
        #expect(Self.text(-0.0) == "0")
        #expect(Self.text(1) == "1")
        #expect(Self.text(-42) == "-42")
        #expect(Self.text(999_999_999_999_999) == "999999999999999")
        // From 10^15 on, as `description` writes them.
        #expect(Self.text(1e15) == "1000000000000000.0")
        #expect(Self.text(1e16) == "1e+16")
        for v: Int64 in [0, 1, -1, 9, 10, 99, 100, 1_000_000_007, .max, .min, .max - 1, .min + 1] {
            var out: [UInt8] = []
            JSONNumber.append(v, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(v))
        }
    }

    @Test func typicalValuesAreWrittenAsDescriptionWritesThem() {
        for v in [8.6712345, 49.4722067, 120.6543211, 0.1, -2.5, 17471.1, 0.00012345, 123456789012345.6, 1e-4, 0.30000000000000004, 1e21, 1e-7] {
            #expect(Self.text(v) == v.description)
        }
    }

    @Test func positionsAreWrittenInOnePiece() throws {
        var w = JSONWriter()
        w.positions([Coordinate(8.6712345, 49.4722067), Coordinate(-0.1, 1e-9), Coordinate(.nan, 2), Coordinate(1, 0.1 + 0.2)])
        #expect(w.string == "[[8.6712345,49.4722067],[-0.1,1e-09],[null,2],[1,0.30000000000000004]]")
    }
}
