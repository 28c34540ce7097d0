import GeoKit
import Testing
import VectorTiles

@Suite struct TileBuilderTests {
    @Test func knownSmallTileByteForByte() {
        var builder = TileBuilder()
        builder.add(TileFeature(id: 1, geometry: tileGeometry(.point(c(25, 17))), properties: [("a", 1)]), to: "p")
        let tile = builder.build()
        let expected: [UInt8] = [
            0x1A, 0x1E,                          // Tile.layers, 30 bytes
            0x0A, 0x01, 0x70,                    // Layer.name "p"
            0x12, 0x0D,                          // Layer.features, 13 bytes
            0x08, 0x01,                          //   Feature.id 1
            0x12, 0x02, 0x00, 0x00,              //   Feature.tags [key 0, value 0]
            0x18, 0x01,                          //   Feature.type POINT
            0x22, 0x03, 0x09, 0x32, 0x22,        //   Feature.geometry MoveTo(25, 17)
            0x1A, 0x01, 0x61,                    // Layer.keys "a"
            0x22, 0x02, 0x28, 0x01,              // Layer.values uint_value 1
            0x28, 0x80, 0x20,                    // Layer.extent 4096
            0x78, 0x02,                          // Layer.version 2
        ]
        #expect(tile.bytes == expected)
        #expect(tile.layers == [LayerReport(name: "p", kept: 1)])
    }

    @Test func emptyTileHasNoLayers() {
        var builder = TileBuilder()
        builder.addLayer("risks")
        let tile = builder.build()
        #expect(tile.bytes.isEmpty)
        #expect(tile.report("risks")?.kept == 0)
    }

    @Test func degenerateFeaturesAreCountedNotEncoded() {
        var builder = TileBuilder()
        let collapsed = builder.add(TileFeature(geometry: tileGeometry(.lineString([c(1.2, 1.2), c(1.4, 0.9)]))), to: "roads")
        let drawable = builder.add(TileFeature(geometry: tileGeometry(.lineString([c(1, 1), c(9, 9)]))), to: "roads")
        #expect(!collapsed && drawable)
        let report = builder.build().report("roads")
        #expect(report?.kept == 1)
        #expect(report?.degenerate == 1)
    }

    @Test func keysAndValuesAreSharedAcrossFeaturesAndFirstValueWins() throws {
        var builder = TileBuilder()
        let point = tileGeometry(.point(c(1, 1)))
        builder.add(TileFeature(id: 1, geometry: point, properties: [("level", "major"), ("level", "low"), ("radius", 800.0)]), to: "risks")
        builder.add(TileFeature(id: 2, geometry: point, properties: [("radius", 800.0), ("level", "major"), ("on", true)]), to: "risks")
        builder.add(TileFeature(id: 3, geometry: point, properties: [("flag", true), ("on", true)]), to: "risks")
        let decoded = try PythonDecoder.decode(builder.build().bytes)
        let layer = try #require(decoded.layer("risks"))
        #expect(layer.keys == ["level", "radius", "on", "flag"])
        #expect(layer.valueCount == 3, "major, 800 and true, each once")
        #expect(layer.features.map(\.properties) == [
            ["level": .string("major"), "radius": .number(800)],
            ["level": .string("major"), "radius": .number(800), "on": .bool(true)],
            ["flag": .bool(true), "on": .bool(true)],
        ])
    }
}
