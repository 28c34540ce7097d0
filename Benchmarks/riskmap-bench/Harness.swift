import Monotonic
import Glibc

/// A dependency-free timing harness: warm-up runs, then timed runs of one operation, each returning a value
/// that is folded into a checksum so the work cannot be optimised away.
struct Measurement {
    let name: String
    let samples: [Double]  // seconds, sorted
    let checksum: Int

    var median: Double { percentile(0.5) }
    var p99: Double { percentile(0.99) }
    var mean: Double { samples.reduce(0, +) / Double(samples.count) }

    func percentile(_ q: Double) -> Double {
        samples[min(samples.count - 1, Int((Double(samples.count - 1) * q).rounded()))]
    }
}

enum Harness {
    static func now() -> Double { MonotonicClock.seconds() }

    static func measure(_ name: String, warmup: Int, runs: Int, _ body: (Int) throws -> Int) rethrows -> Measurement {
        var checksum = 0
        for i in 0..<warmup { checksum &+= try body(i) }
        var samples: [Double] = []
        samples.reserveCapacity(runs)
        for i in 0..<runs {
            let t0 = now()
            checksum &+= try body(warmup + i)
            samples.append(now() - t0)
        }
        return Measurement(name: name, samples: samples.sorted(), checksum: checksum)
    }

    static func ms(_ s: Double) -> String {
        let v = s * 1000
        return v >= 100 ? String(Int(v.rounded())) : v >= 1 ? String(Double(Int(v * 100)) / 100) : String(Double(Int(v * 1000)) / 1000)
    }
}
