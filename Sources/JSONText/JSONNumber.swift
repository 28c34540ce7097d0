/// JSON numbers written straight into bytes, without a `String` per number: a route's GeoJSON has thousands of
/// coordinates, and `Double.description` (a String made, then copied) was a sixth of its handler's time.
///
/// A double is written as the shortest decimal that reads back as the same double (as `description` writes it):
/// integers below 10^15 as integers, other values from 10^-4 up in plain decimal notation. The decimal is found
/// by trying precisions: m = v × 10^d rounded is right when m / 10^d, both exact as doubles (m < 2^53, d ≤ 22),
/// divides back to v, since that division rounds as a reader rounds the text. Seven decimals are tried first
/// (what OpenStreetMap and most lon/lat positions carry; below 2^26 there is at most one such candidate, so its
/// trailing zeros dropped is the shortest), then eight and more. A value no precision fits within 2^53 (17
/// significant digits), and those outside that range, are written by `description`.
public enum JSONNumber {
    /// The most bytes `write` writes: a sign, 16 digits, a point and `0.000` before them.
    public static let maxBytes = 24

    /// Appends `v` (finite) as a JSON number.
    @inlinable
    public static func append(_ v: Double, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxBytes) { buffer in
            if let n = write(v, into: buffer.baseAddress!) {
                out.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: n))
            } else {
                out.append(contentsOf: v.description.utf8)
            }
        }
    }

    /// Appends an integer.
    @inlinable
    public static func append(_ v: Int64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxBytes) { buffer in
            let p = buffer.baseAddress!
            out.append(contentsOf: UnsafeBufferPointer(start: p, count: write(v, into: p)))
        }
    }

    /// Writes an integer's decimal text at `p` (room for `maxBytes`) and returns how many bytes.
    @inlinable
    public static func write(_ v: Int64, into p: UnsafeMutablePointer<UInt8>) -> Int {
        guard v < 0 else { return digits(v.magnitude, into: p) }
        p[0] = UInt8(ascii: "-")
        return 1 + digits(v.magnitude, into: p + 1)
    }

    /// Writes finite `v` at `p` (room for `maxBytes`) and returns how many bytes, or nil when `description` must.
    @inlinable
    public static func write(_ v: Double, into p: UnsafeMutablePointer<UInt8>) -> Int? {
        let a = v.magnitude
        var n = 0
        if v < 0 {
            p[0] = UInt8(ascii: "-")
            n = 1
        }
        // (-0 is not below 0: it is written 0, as JSONWriter always wrote it.)
        if a < 1e15, Double(UInt64(a)) == a { return n + digits(UInt64(a), into: p + n) }
        guard a >= 1e-4, a < 1e15 else { return nil }
        var d = 1
        if a < 0x1p26 {
            if let m = fits(a, 1e7) { return n + decimal(m, places: 7, into: p + n) }
            d = 8
        }
        let powers = Self.powers
        while d < powers.count, a * powers[d] < 0x1p53 {
            if let m = fits(a, powers[d]) { return n + decimal(m, places: d, into: p + n) }
            d += 1
        }
        return nil
    }

    /// 10^0 … 10^22, each exact as a double.
    @usableFromInline static let powers: [Double] = (0...22).map { d in (0..<d).reduce(1.0) { x, _ in x * 10 } }

    /// m with a = m / scale exactly as a double (scale a power of ten), when a × scale rounds to such an m
    /// below 2^53.
    @inlinable
    static func fits(_ a: Double, _ scale: Double) -> UInt64? {
        let x = a * scale
        guard x < 0x1p53 else { return nil }
        // Rounded by truncating x + 0.5 (x ≥ 0): one instruction where `rounded()` calls libm.
        let m = UInt64(x + 0.5)
        return Double(m) / scale == a ? m : nil
    }

    /// m / 10^places in decimal notation, trailing zeros of the fraction dropped (m is not a multiple of
    /// 10^places: integers are written by `digits`).
    @inlinable
    static func decimal(_ m: UInt64, places: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
        var m = m, places = places
        while m % 10 == 0 {
            m /= 10
            places -= 1
        }
        let count = digitCount(m)
        if count <= places {
            // 0.00…: the fraction's leading zeros, then its digits.
            p[0] = UInt8(ascii: "0")
            p[1] = UInt8(ascii: ".")
            let zeros = places - count
            (p + 2).initialize(repeating: UInt8(ascii: "0"), count: zeros)
            _ = lastDigits(m, count: count, endingAt: p + 2 + zeros + count)
            return 2 + zeros + count
        }
        let whole = lastDigits(m, count: places, endingAt: p + count + 1)
        p[count - places] = UInt8(ascii: ".")
        _ = lastDigits(whole, count: count - places, endingAt: p + count - places)
        return count + 1
    }

    /// The decimal digits of `v` at `p`; returns how many.
    @inlinable
    static func digits(_ v: UInt64, into p: UnsafeMutablePointer<UInt8>) -> Int {
        let count = digitCount(v)
        _ = lastDigits(v, count: count, endingAt: p + count)
        return count
    }

    @inlinable
    static func digitCount(_ v: UInt64) -> Int {
        var count = 1, bound: UInt64 = 10
        while count < 20, v >= bound {
            count += 1
            bound &*= 10
        }
        return count
    }

    /// Writes the last `count` decimal digits of `v` so that they end just before `end`, two at a time;
    /// returns what is left of `v` (v / 10^count).
    @inlinable
    static func lastDigits(_ v: UInt64, count: Int, endingAt end: UnsafeMutablePointer<UInt8>) -> UInt64 {
        var v = v, e = end, left = count
        let pairs = Self.pairs.utf8Start
        while left >= 2 {
            let q = v / 100, r = Int(truncatingIfNeeded: v &- q &* 100) &* 2
            e -= 2
            e[0] = pairs[r]
            e[1] = pairs[r &+ 1]
            v = q
            left -= 2
        }
        if left == 1 {
            let q = v / 10
            e[-1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v &- q &* 10)
            v = q
        }
        return v
    }

    /// "00", "01" … "99", one after another.
    @usableFromInline static let pairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
}
