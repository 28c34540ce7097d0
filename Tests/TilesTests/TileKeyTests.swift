import GeoKit
import Testing
import Tiles

/// The cache key, written byte by byte into the string's storage, reads as the plain spelling: the canonical
/// layer list, /z/x/y, then the grid's period and the windowed layers' stretch of time where they apply.
@Suite struct TileKeyTests {
    @Test func keysReadAsTheirPlainSpelling() throws {
        let all = try TileLayer.layers(TileLayer.allLayers)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let layers = all.filter { _ in Bool.random(using: &rng) }
            let z = Int.random(in: 0...TileID.maxZoom, using: &rng)
            let id = try TileID(z: z, x: Int.random(in: 0..<(1 << z), using: &rng), y: Int.random(in: 0..<(1 << z), using: &rng))
            let period: Int64? = Bool.random(using: &rng) ? Int64.random(in: Int64.min...Int64.max, using: &rng) : nil
            let gridPeriod: String? = Bool.random(using: &rng) ? "p\(Int.random(in: 0...99_999, using: &rng))" : nil
            var expected = layers.map(\.name).joined(separator: ",") + "/\(id.z)/\(id.x)/\(id.y)"
            if let gridPeriod { expected += "@" + gridPeriod }
            if layers.contains(where: { $0.source?.timeWindow != nil }) { expected += "@" + (period.map { String($0) } ?? "") }
            #expect(TileCache.key(layers, id, period: period, gridPeriod: gridPeriod) == expected)
        }
        #expect(TileCache.key([], try TileID(z: 0, x: 0, y: 0), period: 0, gridPeriod: nil) == "/0/0/0")
    }
}
