import GeoKit
import Testing

// Reference values were computed independently in Python with the slippy-map formulas
// x = (lon + 180) / 360 · 2^z, y = (1 − asinh(tan φ) / π) / 2 · 2^z and lat = atan(sinh(π (1 − 2y / 2^z))).

@Suite struct TileMathTests {
    @Test func worldTileCoversTheMercatorSquare() throws {
        let tile = try TileID(z: 0, x: 0, y: 0)
        let m = tile.mercatorBBox
        let h = 20_037_508.342789244
        #expect(m == BBox(minX: -h, minY: -h, maxX: h, maxY: h))
        let b = tile.bbox
        #expect(abs(b.minX + 180) < 1e-12)
        #expect(abs(b.maxX - 180) < 1e-12)
        #expect(abs(b.maxY - 85.0511287798066) < 1e-12)
        #expect(abs(b.minY + 85.0511287798066) < 1e-12)
    }

    @Test func suzhouAtZoom10() throws {
        let tile = try TileID.containing(Coordinate(120.6, 31.3), zoom: 10)
        #expect(tile == (try TileID(z: 10, x: 855, y: 418)))
        let b = tile.bbox
        #expect(abs(b.minX - 120.5859375) < 1e-9)
        #expect(abs(b.maxX - 120.9375) < 1e-9)
        #expect(abs(b.maxY - 31.353636941500994) < 1e-9)
        #expect(abs(b.minY - 31.052933985705145) < 1e-9)
        #expect(b.contains(Coordinate(120.6, 31.3)))
    }

    @Test func knownMercatorValues() {
        let m = WebMercator.project(Coordinate(120.6, 31.3))
        #expect(abs(m.x - 13_425_130.589668794) < 1e-6)
        #expect(abs(m.y - 3_671_771.4487971384) < 1e-6)
        #expect(abs(WebMercator.project(Coordinate(180, WebMercator.maxLatitude)).y - WebMercator.halfWorld) < 1e-6)
        // Latitudes past the square world are clamped, not sent to infinity.
        #expect(WebMercator.project(Coordinate(0, 90)).y.isFinite)
    }

    @Test func projectionRoundTrips() {
        for lon in stride(from: -180.0, through: 180.0, by: 7.5) {
            for lat in stride(from: -85.0, through: 85.0, by: 5.0) {
                let back = WebMercator.unproject(WebMercator.project(Coordinate(lon, lat)))
                #expect(abs(back.x - lon) < 1e-9 && abs(back.y - lat) < 1e-9, "\(lon), \(lat) → \(back)")
            }
        }
    }

    @Test func tileAddressesAreValidated() {
        #expect(throws: TileError.self) { try TileID(z: 25, x: 0, y: 0) }
        #expect(throws: TileError.self) { try TileID(z: -1, x: 0, y: 0) }
        #expect(throws: TileError.self) { try TileID(z: 3, x: 8, y: 0) }
        #expect(throws: TileError.self) { try TileID(z: 3, x: 0, y: -1) }
        #expect(throws: TileError.self) { try TileID.containing(Coordinate(.nan, 0), zoom: 3) }
        #expect((try? TileID(z: 24, x: (1 << 24) - 1, y: 0)) != nil)
    }

    @Test func neighbouringTilesShareEdges() throws {
        let a = try TileID(z: 14, x: 13_683, y: 6_693).mercatorBBox
        let b = try TileID(z: 14, x: 13_684, y: 6_694).mercatorBBox
        #expect(a.maxX == b.minX && a.minY == b.maxY)
    }

    @Test func tilesCoveringABox() throws {
        let suzhou = try TileID(z: 10, x: 855, y: 418)
        let inside = BBox(minX: 120.6, minY: 31.1, maxX: 120.7, maxY: 31.3)
        let one = try TileID.covering(inside, zoom: 10)
        #expect(Array(one) == [suzhou])

        // The same box grown by a 64-unit buffer still touches only its tile: it is far from every edge.
        #expect(try TileID.covering(inside, zoom: 10, buffer: 64).count == 1)
        // A point right next to the tile's west edge reaches the neighbour's buffer.
        let edge = BBox(minX: 120.586, minY: 31.2, maxX: 120.586, maxY: 31.2)
        #expect(try TileID.covering(edge, zoom: 10).count == 1)
        let buffered = try TileID.covering(edge, zoom: 10, buffer: 64)
        let west = try TileID(z: 10, x: 854, y: 418)
        #expect(buffered.count == 2)
        #expect(buffered.contains(west))

        let wide = try TileID.covering(BBox(minX: 120.5, minY: 31.0, maxX: 121.0, maxY: 31.4), zoom: 10)
        #expect(wide.x == 854..<857)
        #expect(wide.y == 417..<420)
        #expect(Array(wide).count == 9)
        #expect(try TileID.covering(BBox(minX: -180, minY: -90, maxX: 180, maxY: 90), zoom: 0).count == 1)
        #expect(try TileID.covering(BBox(minX: -180, minY: -90, maxX: 180, maxY: 90), zoom: 2).count == 16)
        #expect(try TileID.covering(.empty, zoom: 5).isEmpty)
        #expect(throws: TileError.self) { try TileID.covering(inside, zoom: 30) }
    }

    @Test func tileTransformMapsIntoTheGrid() throws {
        let tile = try TileID(z: 10, x: 855, y: 418)
        let t = TileTransform(tile: tile)
        let b = tile.bbox
        let nw = t.tileCoordinate(lonLat: Coordinate(b.minX, b.maxY))
        let se = t.tileCoordinate(lonLat: Coordinate(b.maxX, b.minY))
        #expect(abs(nw.x) < 1e-6 && abs(nw.y) < 1e-6)
        #expect(abs(se.x - 4096) < 1e-6 && abs(se.y - 4096) < 1e-6)

        let p = t.tileCoordinate(lonLat: Coordinate(120.6, 31.3))
        #expect(abs(p.x - 163.84) < 1e-6 && abs(p.y - 731.5667464984581) < 1e-6)
        #expect(t.tilePoint(lonLat: Coordinate(120.6, 31.3)) == TilePoint(164, 732))

        let back = t.lonLat(tileCoordinate: p)
        #expect(abs(back.x - 120.6) < 1e-9 && abs(back.y - 31.3) < 1e-9)

        // Just west of the tile: outside without a buffer, inside a 64-unit one.
        let west = t.lonLat(tileCoordinate: Coordinate(-10, 100))
        #expect(t.tilePoint(lonLat: west) == nil)
        #expect(t.tilePoint(lonLat: west, buffer: 64) == TilePoint(-10, 100))
        #expect(t.clipBox(buffer: 64) == BBox(minX: -64, minY: -64, maxX: 4160, maxY: 4160))
    }

    /// Cache invalidation relies on this: every tile whose buffered area a feature reaches is in `covering`.
    @Test func coveringIncludesEveryTileAFeatureDrawsIn() throws {
        let zoom = 12
        let centre = try TileID.containing(Coordinate(120.6, 31.3), zoom: zoom)
        let b = centre.bbox
        var state: UInt64 = 99
        func unit() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<500 {
            // Points within a tenth of a tile of the centre tile's edges, inside and outside.
            let p = Coordinate(b.minX + (unit() * 1.2 - 0.1) * b.width, b.minY + (unit() * 1.2 - 0.1) * b.height)
            let covered = try TileID.covering(BBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y), zoom: zoom, buffer: 64)
            for dx in -1...1 {
                for dy in -1...1 {
                    let tile = try TileID(z: zoom, x: centre.x + dx, y: centre.y + dy)
                    if TileTransform(tile: tile).tileGeometry(.point(p), buffer: 64) != nil {
                        #expect(covered.contains(tile), "\(p) draws in \(tile) but covering gives \(covered)")
                    }
                }
            }
        }
    }
}
