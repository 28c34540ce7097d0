import Foundation

/// Runs decode_mvt.py (mapbox-vector-tile from PyPI) on a tile and reads its JSON. A missing python3 or
/// package is a failure with the install command, never a skip: the independent decoder is the point.
enum PythonDecoder {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("decode_mvt.py")

    static func decode(_ tile: [UInt8]) throws -> DecodedTile {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-mvt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tileFile = directory.appendingPathComponent("tile.mvt")
        let outFile = directory.appendingPathComponent("out.json")
        let errFile = directory.appendingPathComponent("err.txt")
        try Data(tile).write(to: tileFile)
        try Data().write(to: outFile)
        try Data().write(to: errFile)

        let python = ProcessInfo.processInfo.environment["RISKMAP_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script.path, tileFile.path]
        // Files rather than pipes: a large tile's JSON would fill a pipe and stall the child.
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        process.waitUntilExit()

        let stderr = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure(description: """
                the independent MVT decoder did not run (\(python) exited \(process.terminationStatus)): \
                \(stderr.trimmingCharacters(in: .whitespacesAndNewlines)) — install it with \
                `pip install -r scripts/requirements-test.txt` (or set RISKMAP_PYTHON)
                """)
        }
        return try JSONDecoder().decode(DecodedTile.self, from: Data(contentsOf: outFile))
    }
}

struct DecodedTile: Decodable {
    let layers: [DecodedLayer]

    func layer(_ name: String) -> DecodedLayer? { layers.first { $0.name == name } }
}

struct DecodedLayer: Decodable {
    let name: String
    let version: Int
    let extent: Int
    let keys: [String]
    let valueCount: Int
    let features: [DecodedFeature]

    enum CodingKeys: String, CodingKey {
        case name, version, extent, keys, features
        case valueCount = "value_count"
    }
}

struct DecodedFeature: Decodable {
    struct Geometry: Decodable {
        let type: String
        let coordinates: JSON
    }

    let id: UInt64?
    let type: String
    let properties: [String: JSON]
    let valueTypes: [String: String]
    let geometry: Geometry
    /// Per polygon, the signed area of each ring in tile units with y down (exterior first).
    let ringAreas: [[Double]]
    let commandErrors: [String]

    enum CodingKeys: String, CodingKey {
        case id, type, properties, geometry
        case valueTypes = "value_types", ringAreas = "ring_areas", commandErrors = "command_errors"
    }
}

enum JSON: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else {
            self = .array(try c.decode([JSON].self))
        }
    }

    var numbers: [Double] {
        items.compactMap { if case .number(let v) = $0 { v } else { nil } }
    }

    var points: [[Double]] { items.map(\.numbers) }

    /// Every [x, y] position at any depth of a GeoJSON-style coordinates array.
    var positions: [[Double]] {
        let n = numbers
        return !n.isEmpty && n.count == items.count ? [n] : items.flatMap(\.positions)
    }

    var items: [JSON] {
        if case .array(let items) = self { items } else { [] }
    }
}
