import GeoKit
import Testing
import VectorTiles

/// Tiles read back by mapbox-vector-tile (decode_mvt.py): what was encoded is what an independent decoder sees.
@Suite struct DecoderRoundTripTests {
    @Test func featuresAttributesAndWindingSurviveAnIndependentDecoder() throws {
        var builder = TileBuilder()
        let properties: [(key: String, value: PropertyValue)] = [
            ("name", "液氯储罐泄漏"), ("level", "major"), ("impact_radius_m", 800.0), ("score", 0.1),
            ("offset", -3), ("count", 7), ("active", true), ("big", .int(Int64(1) << 40)),
        ]
        builder.add(TileFeature(id: 11, geometry: tileGeometry(.point(c(100, 200))), properties: properties, priority: 3), to: "risks")
        builder.add(TileFeature(id: 12, geometry: tileGeometry(.multiPoint([c(10, 20), c(30, 40)])),
                                properties: [("level", "low"), ("active", false)]), to: "risks")
        let lines = [[c(0, 0), c(100, 50), c(200, 50)], [c(-30, 4000), c(4100, 4100)]]
        builder.add(TileFeature(id: 21, geometry: tileGeometry(.multiLineString(lines)), properties: [("name", "西气东输支线")]), to: "pipelines")
        // Exterior counter-clockwise and hole clockwise on screen: the encoder must turn both.
        let exterior = ring([(1000, 1000), (1000, 2000), (2000, 2000), (2000, 1000)])
        let hole = ring([(1200, 1200), (1400, 1200), (1400, 1400), (1200, 1400)])
        let second = ring([(3000, 3000), (3500, 3000), (3500, 3500), (3000, 3500)])
        builder.add(TileFeature(id: 31, geometry: tileGeometry(.multiPolygon([[exterior, hole], [second]])),
                                properties: [("capacity", 2400), ("level", "major")]), to: "sites")
        let tile = builder.build()
        let decoded = try PythonDecoder.decode(tile.bytes)

        #expect(decoded.layers.map(\.name) == ["risks", "pipelines", "sites"])
        for layer in decoded.layers {
            #expect(layer.version == 2 && layer.extent == 4096)
            #expect(Set(layer.keys).count == layer.keys.count, "keys of \(layer.name) are deduplicated")
            for f in layer.features { #expect(f.commandErrors.isEmpty, "\(layer.name) \(f.id ?? 0): \(f.commandErrors)") }
        }

        let risks = try #require(decoded.layer("risks"))
        let major = try #require(risks.features.first { $0.id == 11 })
        #expect(major.type == "POINT")
        #expect(major.geometry.coordinates == .array([.number(100), .number(200)]))
        #expect(major.properties["name"] == .string("液氯储罐泄漏"))
        #expect(major.properties["level"] == .string("major"))
        #expect(major.properties["impact_radius_m"] == .number(800))
        #expect(major.properties["score"] == .number(0.1))
        #expect(major.properties["offset"] == .number(-3))
        #expect(major.properties["count"] == .number(7))
        #expect(major.properties["active"] == .bool(true))
        #expect(major.properties["big"] == .number(Double(Int64(1) << 40)))
        #expect(major.valueTypes == ["name": "string_value", "level": "string_value", "impact_radius_m": "float_value",
                                     "score": "double_value", "offset": "sint_value", "count": "uint_value",
                                     "active": "bool_value", "big": "uint_value"])
        let low = try #require(risks.features.first { $0.id == 12 })
        #expect(low.geometry.type == "MultiPoint" && low.geometry.coordinates.points == [[10, 20], [30, 40]])
        #expect(low.properties == ["level": .string("low"), "active": .bool(false)])

        let pipeline = try #require(decoded.layer("pipelines")?.features.first)
        #expect(pipeline.id == 21 && pipeline.geometry.type == "MultiLineString")
        #expect(pipeline.geometry.coordinates.items.map(\.points) == lines.map { $0.map { [$0.x, $0.y] } })

        let site = try #require(decoded.layer("sites")?.features.first)
        #expect(site.geometry.type == "MultiPolygon")
        let polygons = site.geometry.coordinates.items.map { $0.items.map(\.points) }
        #expect(polygons.count == 2 && polygons.first?.count == 2)
        #expect(sameRing(polygons[0][0], exterior) && sameRing(polygons[0][1], hole) && sameRing(polygons[1][0], second))
        // MVT 2.1 §4.3.4.4: exterior rings have positive area with y down, interior rings negative.
        #expect(site.ringAreas == [[1_000_000, -40_000], [250_000]])
        #expect(site.properties == ["capacity": .number(2400), "level": .string("major")])
    }

    @Test func lonLatFeaturesLandWithinOneTileUnit() throws {
        let tile = try TileID.containing(Coordinate(120.6, 31.3), zoom: 10)
        let transform = TileTransform(tile: tile)
        let b = tile.bbox
        // A pipeline across the whole tile and beyond, a site straddling the east edge with a hole, a point.
        let pipeline = [Coordinate(b.minX - 0.1, 31.2), Coordinate(120.7, 31.25), Coordinate(120.8, 31.21), Coordinate(b.maxX + 0.2, 31.3)]
        let siteRing = [Coordinate(120.9, 31.1), Coordinate(121.0, 31.1), Coordinate(121.0, 31.2), Coordinate(120.9, 31.2), Coordinate(120.9, 31.1)]
        let siteHole = [Coordinate(120.91, 31.12), Coordinate(120.91, 31.15), Coordinate(120.92, 31.15), Coordinate(120.92, 31.12), Coordinate(120.91, 31.12)]
        let sources: [(String, Geometry)] = [
            ("pipelines", .lineString(pipeline)),
            ("sites", .polygon([siteRing, siteHole])),
            ("risks", .point(Coordinate(120.6, 31.3))),
        ]
        var builder = TileBuilder()
        for (i, (layer, g)) in sources.enumerated() {
            let shaped = try #require(transform.tileGeometry(g, buffer: 64))
            let added = builder.add(TileFeature(id: UInt64(i + 1), geometry: shaped), to: layer)
            #expect(added)
        }
        let decoded = try PythonDecoder.decode(builder.build().bytes)
        let clip = transform.clipBox(buffer: 64)

        for (i, (layer, g)) in sources.enumerated() {
            let feature = try #require(decoded.layer(layer)?.features.first { $0.id == UInt64(i + 1) })
            #expect(feature.commandErrors.isEmpty)
            // Original edges in tile units, and the decoded vertices.
            var edges: [(Coordinate, Coordinate)] = []
            var originals: [Coordinate] = []
            switch g {
            case .point(let p): originals = [transform.tileCoordinate(lonLat: p)]
            case .lineString(let cs): originals = cs.map(transform.tileCoordinate(lonLat:))
            case .polygon(let rings): originals = rings.flatMap { $0.map(transform.tileCoordinate(lonLat:)) }
            default: break
            }
            for k in 0..<max(originals.count - 1, 0) { edges.append((originals[k], originals[k + 1])) }
            let vertices: [[Double]] = switch feature.geometry.type {
            case "Point": [feature.geometry.coordinates.numbers]
            case "LineString": feature.geometry.coordinates.points
            case "Polygon": feature.geometry.coordinates.items.flatMap(\.points)
            default: []
            }
            #expect(!vertices.isEmpty, "\(layer) decoded as \(feature.geometry.type)")
            for v in vertices {
                let p = Coordinate(v[0], v[1])
                #expect(clip.contains(p), "\(layer) vertex \(p) outside the buffered tile")
                let near = edges.isEmpty ? distance(p, originals[0]) : edges.map { segmentDistance(p, $0.0, $0.1) }.min()!
                #expect(near <= 1, "\(layer) vertex \(p) is \(near) units from the source geometry")
            }
            for o in originals where clip.contains(o) {
                let nearest = vertices.map { distance(Coordinate($0[0], $0[1]), o) }.min() ?? .infinity
                #expect(nearest <= 1, "\(layer) source vertex \(o) missing from the tile")
            }
        }
        let site = try #require(decoded.layer("sites")?.features.first)
        #expect(site.ringAreas.count == 1 && site.ringAreas[0].count == 2)
        #expect(site.ringAreas[0][0] > 0 && site.ringAreas[0][1] < 0)
    }

    func distance(_ a: Coordinate, _ b: Coordinate) -> Double { ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() }

    func segmentDistance(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let t = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)))
        return distance(p, Coordinate(a.x + t * dx, a.y + t * dy))
    }
}
