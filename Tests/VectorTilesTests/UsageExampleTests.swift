import GeoKit
import Testing
import VectorTiles

/// The example in docs/VECTOR-TILES.md, kept here so it keeps compiling and doing what the doc says.
@Suite struct UsageExampleTests {
    @Test func buildATileFromLonLatFeatures() throws {
        let tile = try TileID(z: 12, x: 3422, y: 1672)
        let transform = TileTransform(tile: tile)
        let tolerance = Simplify.tolerance(zoom: tile.z)

        var builder = TileBuilder()
        let risks: [(id: UInt64, at: Coordinate, level: String, priority: Int)] = [
            (1, Coordinate(120.78, 31.33), "major", 3),
            (2, Coordinate(120.79, 31.32), "low", 0),
        ]
        for r in risks {
            guard let g = transform.tileGeometry(.point(r.at), buffer: 64, tolerance: tolerance) else { continue }
            builder.add(TileFeature(id: r.id, geometry: g, properties: [("level", .string(r.level)), ("impact_radius_m", 800.0)],
                                    priority: r.priority), to: "risks")
        }
        let pipeline = Geometry.lineString([Coordinate(120.70, 31.30), Coordinate(120.80, 31.34), Coordinate(120.90, 31.35)])
        if let g = transform.tileGeometry(pipeline, buffer: 64, tolerance: tolerance) {
            builder.add(TileFeature(id: 7, geometry: g, properties: [("kind", "gas_transmission"), ("maop_mpa", 6.3)]), to: "pipelines")
        }
        let site = Geometry.polygon([[Coordinate(120.77, 31.32), Coordinate(120.78, 31.32), Coordinate(120.78, 31.33),
                                      Coordinate(120.77, 31.33), Coordinate(120.77, 31.32)]])
        if let label = LabelPoint.of(site), let g = transform.tileGeometry(.point(label)) {
            builder.add(TileFeature(id: 9, geometry: g, properties: [("name", "苏州市第一中学")]), to: "site_labels")
        }

        let encoded = builder.build(budget: TileBudget(maxBytes: 500_000, maxFeatures: 20_000))
        #expect(tile.bbox.contains(Coordinate(120.78, 31.33)))
        #expect(encoded.layers.map(\.name) == ["risks", "pipelines", "site_labels"])
        #expect(encoded.layers.allSatisfy { $0.kept == ($0.name == "risks" ? 2 : 1) && $0.dropped == 0 })
        let decoded = try PythonDecoder.decode(encoded.bytes)
        #expect(decoded.layer("pipelines")?.features.first?.properties["kind"] == .string("gas_transmission"))
    }
}
