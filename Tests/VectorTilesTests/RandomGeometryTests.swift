import GeoKit
import TestSupport
import Testing
import VectorTiles

/// Seeded random shapes, self-intersecting and badly wound ones included, through clip, simplify and encode,
/// then read back by the independent decoder: every tile must obey the MVT 2.1 geometry rules.
@Suite struct RandomGeometryTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomShapesEncodeToValidTiles(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        func point() -> Coordinate {
            // Mostly around the tile, sometimes far outside, rarely not a number.
            let r = random.int(0..<100)
            if r == 0 { return Coordinate(.nan, 10) }
            let spread = r < 10 ? 40_000 : 4_700
            return Coordinate(Double(random.int(0..<spread)) - Double(spread - 4096) / 2 + Double(random.int(0..<100)) / 100,
                              Double(random.int(0..<spread)) - Double(spread - 4096) / 2)
        }
        func closedRing() -> [Coordinate] {
            let cs = (0..<random.int(3..<30)).map { _ in point() }
            return cs + [cs[0]]
        }
        let clip = BBox(minX: -64, minY: -64, maxX: 4160, maxY: 4160)
        var builder = TileBuilder()
        var added = 0
        for i in 0..<300 {
            let g: Geometry = switch random.int(0..<4) {
            case 0: .multiPoint((0..<random.int(1..<5)).map { _ in point() })
            case 1: .multiLineString((0..<random.int(1..<3)).map { _ in (0..<random.int(2..<30)).map { _ in point() } })
            case 2: .polygon((0..<random.int(1..<4)).map { _ in closedRing() })
            default: .multiPolygon((0..<random.int(1..<3)).map { _ in (0..<random.int(1..<3)).map { _ in closedRing() } })
            }
            let shaped = tileGeometry(g).clipped(to: clip).simplified(tolerance: Double(random.int(0..<9)))
            if builder.add(TileFeature(id: UInt64(i), geometry: shaped, properties: [("i", .int(Int64(i)))], priority: random.int(0..<4)),
                           to: "shapes") {
                added += 1
            }
        }
        let tile = builder.build()
        #expect(tile.report("shapes")?.kept == added)
        let decoded = try PythonDecoder.decode(tile.bytes)
        let features = decoded.layer("shapes")?.features ?? []
        #expect(features.count == added)
        for f in features {
            #expect(f.commandErrors.isEmpty, "feature \(f.id ?? 0): \(f.commandErrors)")
            #expect(f.properties["i"] == .number(Double(f.id ?? 0)))
            for p in f.geometry.coordinates.positions {
                #expect(clip.contains(Coordinate(p[0], p[1])), "feature \(f.id ?? 0): \(p) outside the buffered tile")
            }
            for polygon in f.ringAreas {
                #expect((polygon.first ?? 0) > 0, "feature \(f.id ?? 0): exterior area \(polygon.first ?? 0)")
                for hole in polygon.dropFirst() { #expect(hole < 0, "feature \(f.id ?? 0): hole area \(hole)") }
            }
        }
    }
}
