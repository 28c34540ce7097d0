import DemoCity
import Foundation
import GeoKit
import RiskGrid
import Store
import Testing
import Tiles

/// Tiles of a fixed demo city at a fixed instant, against digests recorded when the tile code moved into the
/// Tiles target (whose seeded z0–16 pyramid of the city demo was byte-identical to the earlier binary's): a
/// refactor that changes a byte of any of them fails here, and a change that should alter tiles records new
/// digests, saying why. Re-recorded once since: the one priority order across layers (TilePriority) and low-zoom
/// attributes changed every tile (tags of the low-zoom attributes come first; fewer attributes below each layer's
/// full-attributes zoom), each checked to decode and keep the features TilePriorityTests expect. Again when
/// risk_sources took `sector` among its low-zoom attributes (the viewer's sector filter): every tile with risk
/// sources changed (larger below z12; above, the same tags in another order, sector moving to the front). Again
/// when areas took `name` among theirs (district labels from zoom 8): tiles with areas below z12 grew by the
/// names, those above kept their size with the tags in another order; tiles without areas are unchanged.
@Suite struct TileChecksumTests {
    /// 2026-11-24T08:00:00Z, inside some of the demo's time windows and outside others.
    static let instant: Int64 = 1_763_971_200
    static let tiles: [(layers: String, z: Int, x: Int, y: Int)] = [
        (TileLayer.allLayers, 0, 0, 0), (TileLayer.allLayers, 8, 213, 104), (TileLayer.allLayers, 11, 1710, 836),
        (TileLayer.allLayers, 13, 6840, 3345), (TileLayer.allLayers, 15, 27362, 13381), ("risks", 12, 3420, 1672),
        ("roads", 14, 13681, 6690), ("reports,risks", 13, 6841, 3344), ("areas", 9, 427, 208), ("sites,pipelines", 11, 1710, 836),
    ]

    /// FNV-1a 64 of a tile's bytes, in hex.
    static func digest(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    @Test func sampleTilesAreByteForByteAsRecorded() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-sum-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true, observers: [EnterpriseColours()])
        try DemoCity(scale: .small, seed: 1).write(into: store)
        let sources = TileSources(store: store)
        var got: [String] = []
        for t in Self.tiles {
            let tile = try TileRenderer.render(layerList: t.layers, tile: try TileID(z: t.z, x: t.x, y: t.y), sources: sources, at: Self.instant)
            got.append("\(t.layers)/\(t.z)/\(t.x)/\(t.y) \(tile.bytes.count) \(Self.digest(tile.bytes))")
        }
        #expect(got == Self.recorded, "new digests:\n\(got.map { "\"\($0)\"," }.joined(separator: "\n"))")
    }

    static let recorded: [String] = [
        "areas,roads,pipelines,sites,resources,risk_sources,risks,reports/0/0/0 16764 c1ead733db8499f7",
        "areas,roads,pipelines,sites,resources,risk_sources,risks,reports/8/213/104 23420 ad346c8035c6ae02",
        "areas,roads,pipelines,sites,resources,risk_sources,risks,reports/11/1710/836 39459 34e3b8c20a50e80c",
        "areas,roads,pipelines,sites,resources,risk_sources,risks,reports/13/6840/3345 44398 d94e65b71bd7e794",
        "areas,roads,pipelines,sites,resources,risk_sources,risks,reports/15/27362/13381 6239 8263367ce4029e74",
        "risks/12/3420/1672 12314 bf0fd7c23402444c",
        "roads/14/13681/6690 13036 2e61f52881cb7330",
        "reports,risks/13/6841/3344 2040 5fbbfcd46a6f15aa",
        "areas/9/427/208 479 971cc3c57d9bc193",
        "sites,pipelines/11/1710/836 4516 9c0f5f893673a795",
    ]
}
