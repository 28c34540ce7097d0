import Foundation
import Synchronization
import GeoKit
import Projection
import RiskGrid
import RiskModel
@_spi(RawSQL) import Store

/// A database in its own temporary directory with the grid observer, and helpers to place features at exact
/// grid-CRS coordinates (UTM 51N, where the demo city lies).
final class GridFixture {
    let directory: URL
    let path: String
    let store: Store
    let config: RiskModelConfig
    let changes = ChangeLog()
    let toLonLat: Transformer
    private let context = ProjContext()
    let editor = WriteContext(actor: "test", time: "2026-11-24T08:00:00Z")
    /// A grid-CRS origin on cell boundaries near 120.9°E 31.2°N.
    static let x0 = 300_000.0, y0 = 3_460_000.0

    init(config: RiskModelConfig = GridFixture.config, bulkRebuildThreshold: Int = 2_000) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-grid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("grid.sqlite").path
        let log = changes
        store = try Store(path: path, create: true, observers: [EnterpriseColours(), GridObserver(sink: GridChangeSink { log.append($0) }, bulkRebuildThreshold: bulkRebuildThreshold)])
        self.config = config
        toLonLat = try context.transformer(from: .epsg(32651), to: .wgs84)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    static var config: RiskModelConfig {
        var c = RiskModelConfig.standard
        c.grid.crs = "EPSG:32651"
        c.grid.levels = 4
        // The hand-worked figures of GridTests are read against the fixed thresholds.
        c.classes.mode = .absolute
        return c
    }

    /// Lon/lat of grid-CRS metres relative to (x0, y0).
    func lonLat(_ dx: Double, _ dy: Double) throws -> Coordinate {
        try toLonLat.transform(Coordinate(Self.x0 + dx, Self.y0 + dy))
    }

    func source() throws -> Int64 {
        try store.write(editor) { tx in
            try tx.insert(Feature(geometry: .point(try self.lonLat(-500, -500)), properties: ["name": "某化工", "sector": "hazardous_chemicals"]),
                          into: Catalog.riskSources).id!
        }
    }

    func risk(_ source: Int64, _ level: String, at dx: Double, _ dy: Double, radius: Double? = nil,
              window: (String, String)? = nil) throws -> Feature {
        var f = Feature(geometry: .point(try lonLat(dx, dy)), properties: ["source_id": .integer(source), "name": "泄漏", "level": .text(level)])
        if let radius { f["impact_radius_m"] = .real(radius) }
        if let window {
            f["valid_from"] = .text(window.0)
            f["valid_to"] = .text(window.1)
        }
        return f
    }

    func site(at dx: Double, _ dy: Double, capacity: Int64, protection: String) throws -> Feature {
        Feature(geometry: .point(try lonLat(dx, dy)),
                properties: ["name": "学校", "category": "school", "capacity": .integer(capacity), "protection_class": .text(protection)])
    }

    func pipeline(from a: (Double, Double), to b: (Double, Double), kind: String = "gas_transmission") throws -> Feature {
        Feature(geometry: .lineString([try lonLat(a.0, a.1), try lonLat(b.0, b.1)]), properties: ["kind": .text(kind)])
    }

    func insert(_ f: Feature, _ layer: LayerSchema) throws -> Int64 {
        try store.write(editor) { try $0.insert(f, into: layer).id! }
    }

    @discardableResult
    func rebuild(keepGeometry: Bool = false) throws -> GridBuilder.Report {
        let config = self.config
        return try store.write(editor) { tx in
            let geometry = keepGeometry ? try GridStore.meta(tx.connection)?.geometry : nil
            return try GridBuilder(config: config).rebuild(tx.connection, builtAt: "2026-11-24T08:00:00Z", geometry: geometry)
        }
    }

    /// Every stored chunk, as bytes, in key order.
    func chunks() throws -> [String] {
        try store.read { r in
            let s = try r.connection.prepare("SELECT level, cx, cy, hex(cells) FROM grid_chunks ORDER BY level, cx, cy")
            var out: [String] = []
            while try s.step() { out.append("\(s.int64(0))/\(s.int64(1))/\(s.int64(2)):\(s.text(3) ?? "")") }
            return out
        }
    }

    func cells(level: Int = 0, at: Int64 = GridFixture.now, box: BBox? = nil) throws -> [GridQuery.Cell] {
        let b = try box ?? BBox(minX: lonLat(-3_000, -3_000).x, minY: lonLat(-3_000, -3_000).y,
                                maxX: lonLat(3_000, 3_000).x, maxY: lonLat(3_000, 3_000).y)
        return try store.read { r in try GridQuery(reader: r).cells(in: b, level: level, at: at) }
    }

    /// 2026-11-24T08:00:00Z.
    static let now: Int64 = Timestamp.parse("2026-11-24T08:00:00Z")!
}

/// Collects what the observer reports.
final class ChangeLog: Sendable {
    private let changes = Mutex<[GridChange]>([])
    func append(_ c: GridChange) { changes.withLock { $0.append(c) } }
    var all: [GridChange] { changes.withLock { $0 } }
}

extension Array where Element == GridQuery.Cell {
    /// The base cell (i, j) relative to the fixture origin's cell (3000, 34600).
    func at(_ di: Int, _ dj: Int) -> GridQuery.Cell? { first { $0.key.i == 3_000 + di && $0.key.j == 34_600 + dj } }
}
