/// SplitMix64: small, fast and fully determined by its seed on every platform, so that a demo city is the
/// same for the same seed everywhere. Each layer draws from its own stream so that changing one layer's
/// generator does not move every other layer.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64, stream: String) {
        var h: UInt64 = 0xcbf29ce484222325
        for b in stream.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        state = seed ^ h
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(unit(), 1e-300)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    /// An index drawn with the given weights.
    mutating func weighted(_ weights: [Double]) -> Int {
        var r = unit() * weights.reduce(0, +)
        for (i, w) in weights.enumerated() {
            r -= w
            if r < 0 { return i }
        }
        return weights.count - 1
    }
}

import Foundation
