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
/// digests, saying why.
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
        "areas,roads,pipelines,sites,resources,risk_sources,risks,reports/0/0/0 48857 b31638f6948bef69",
        "areas,roads,pipelines,sites,resources,risk_sources,risks,reports/8/213/104 58103 2c4698ddcff9e840",
        "areas,roads,pipelines,sites,resources,risk_sources,risks,reports/11/1710/836 80978 30f892a6fc26065a",
        "areas,roads,pipelines,sites,resources,risk_sources,risks,reports/13/6840/3345 50266 18a79b49326896d",
        "areas,roads,pipelines,sites,resources,risk_sources,risks,reports/15/27362/13381 6239 e962070501ad9ccb",
        "risks/12/3420/1672 12314 8a1be3d220ccb5ce",
        "roads/14/13681/6690 13036 3e099facd52719aa",
        "reports,risks/13/6841/3344 2040 7424ad64396f6717",
        "areas/9/427/208 623 cd1e343e358c80a9",
        "sites,pipelines/11/1710/836 12885 8a8ecba8c214865b",
    ]
}
