import Foundation
import GeoKit
import Projection
import Testing

/// Our transformer against Debian's `cs2cs` (package proj-bin) for CGCS2000 geographic → CGCS2000 / 3-degree
/// Gauss-Krüger CM 120E (EPSG:4549), the zone of Suzhou.
@Suite struct Cs2csTests {
    static let points = [Coordinate(120.6, 31.3), Coordinate(120.0, 31.0), Coordinate(118.6, 32.1),
                         Coordinate(121.45, 30.8), Coordinate(119.9, 34.6)]

    @Test func gaussKrugerAgreesWithCs2cs() throws {
        let cs2cs = try #require(executable(named: "cs2cs"),
                                 "cs2cs not found on PATH: install Debian's proj-bin (apt-get install proj-bin) to run this test")
        // cs2cs keeps each CRS's authority axis order: input is lat lon for EPSG:4490, output northing easting.
        let input = Self.points.map { "\($0.y) \($0.x)" }.joined(separator: "\n") + "\n"
        let output = try run(cs2cs, ["-f", "%.6f", "EPSG:4490", "EPSG:4549"], input: input)
        let rows = output.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) } }
        try #require(rows.count == Self.points.count, "cs2cs printed \(output)")

        let transformer = try ProjContext().transformer(from: .cgcs2000, to: .epsg(4549))
        for (point, row) in zip(Self.points, rows) {
            try #require(row.count >= 2, "cs2cs printed \(row)")
            let expected = Coordinate(row[1], row[0])
            let got = try transformer.transform(point)
            #expect(planar(got, expected) < 0.01, "\(point): ours \(got), cs2cs \(expected)")
        }
    }

    private func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private func run(_ path: String, _ arguments: [String], input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(path) exited with \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }
}
