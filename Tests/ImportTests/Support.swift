import Foundation
import GeoKit
import Import
import Projection
import RiskGrid
import RiskModel
@_spi(RawSQL) import Store

/// A fresh riskmap database in its own temporary directory (removed when released), with the observers the CLI
/// uses, so imports keep enterprise colours as they do in production.
final class TempDatabase {
    let directory: URL
    let path: String
    let store: Store

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("test.sqlite").path
        store = try Store(path: path, create: true, observers: [EnterpriseColours()])
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func count(_ layer: LayerSchema) throws -> Int { try store.read { try $0.count(layer) } }

    /// Every layer's count and content digest, and the audit table's size: equal fingerprints mean an unchanged database.
    func fingerprint() throws -> [String] {
        try store.read { r in
            try Catalog.layers.map { "\($0.name) \(try r.count($0)) \(try r.digest($0))" }
                + ["audit \(try r.connection.scalar("SELECT count(*) FROM audit"))"]
        }
    }
}

enum Samples {
    static let registers = "/work/shared/data/registers"
    static let cleanRegister = registers + "/suzhou-risk-register-sample.gb18030.csv"
    static let faultyRegister = registers + "/suzhou-risk-register-with-errors.gb18030.csv"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let registerMapping = root.appendingPathComponent("docs/mappings/risk-register.json").path

    static let importer = WriteContext(actor: "import-test", time: "2026-11-24T09:00:00Z")

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}

/// Imports a file through the library, as the CLI does.
func importFile(_ path: String, into layer: LayerSchema, db: TempDatabase, format: ExportFormat, mapping: ImportMapping? = nil,
                crs: String? = nil, mode: ImportMode = .append, key: String? = nil, skipInvalid: Bool = false) throws -> ImportSummary {
    let system = InputCoordinateSystem(parsing: crs ?? mapping?.crs ?? "EPSG:4326")
    let options = ImportOptions(mode: mode, key: key, skipInvalid: skipInvalid, sourceName: (path as NSString).lastPathComponent,
                                parent: mapping?.parent)
    let importer = try Importer(store: db.store, layer: layer, options: options, context: Samples.importer)
    let context = ProjContext()
    switch format {
    case .geojson:
        var reader = try GeoJSONFeatureReader(path: path, layer: layer, mapping: mapping, system: system, context: context)
        return try importer.run(&reader)
    case .csv:
        var reader = try CSVFeatureReader(path: path, layer: layer, mapping: mapping, system: system, context: context)
        return try importer.run(&reader)
    }
}

/// Writes a FeatureCollection of `count` school points on a grid near Suzhou, one feature per line.
func writeSites(count: Int, to path: String) throws {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    var text = "{\"type\":\"FeatureCollection\",\"features\":[\n"
    for i in 0..<count {
        if i > 0 { text += ",\n" }
        let x = 120.5 + Double(i % 1000) * 0.0003, y = 31.2 + Double(i / 1000) * 0.0005
        text += "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(x),\(y)]},"
            + "\"properties\":{\"name\":\"学校 \(i)\",\"category\":\"school\",\"capacity\":\(i % 3000)}}"
        if text.utf8.count > 1 << 20 {
            handle.write(Data(text.utf8))
            text = ""
        }
    }
    text += "\n]}\n"
    handle.write(Data(text.utf8))
}
