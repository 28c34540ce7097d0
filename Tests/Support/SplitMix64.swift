/// SplitMix64: a small seeded generator, so that randomized tests draw the same cases on every run and machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `0..<n` (modulo draw: the tests need repeatability, not perfect uniformity).
    public mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A whole number in `range` (modulo draw, as `int(_:)`).
    public mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + int(range.count) }

    /// A number in `a..<b` from the top 53 bits of one draw.
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(next() >> 11) * 0x1.0p-53 }
}
