import Foundation
import GeoKit
import Testing
@testable import Service

/// OGC API – Tiles over the same tiles as /tiles/{layer}/{z}/{x}/{y}.mvt: the tilesets list and tileset of a
/// collection, the WebMercatorQuad definition, tiles by tileMatrix/tileRow/tileCol, and clear errors.
@Suite struct OGCTilesTests {
    let server: TestServer

    init() throws { server = try TestServer() }

    @Test func aCollectionsTilesetLeadsToTheSameTilesAsTheXYZPaths() throws {
        let list = server.get("/collections/risks/tiles")
        #expect(list.status == 200)
        let sets = try #require(list.object["tilesets"] as? [[String: Any]])
        #expect(sets.count == 1 && sets[0]["dataType"] as? String == "vector")
        let selfLink = try #require((sets[0]["links"] as? [[String: Any]])?.first { $0["rel"] as? String == "self" }?["href"] as? String)
        let tileset = server.get(String(selfLink.dropFirst(server.base.count)))
        #expect(tileset.status == 200)
        let links = try #require(tileset.object["links"] as? [[String: Any]])
        let template = try #require(links.first { $0["rel"] as? String == "item" && $0["type"] as? String == "application/vnd.mapbox-vector-tile" }?["href"] as? String)
        let scheme = try #require(links.first { $0["rel"] as? String == TileRoutes.tilingSchemeRel }?["href"] as? String)

        // The tile the template names is the z/x/y tile: tileRow is y, tileCol is x.
        let t = try TileID.containing(Coordinate(120.62, 31.31), zoom: 14)
        let path = template.dropFirst(server.base.count).replacingOccurrences(of: "{tileMatrix}", with: "\(t.z)")
            .replacingOccurrences(of: "{tileRow}", with: "\(t.y)").replacingOccurrences(of: "{tileCol}", with: "\(t.x)")
        let ogc = server.get(path), xyz = server.get("/tiles/risks/\(t.z)/\(t.x)/\(t.y).mvt")
        #expect(ogc.status == 200 && ogc.body == xyz.body && !ogc.body.isEmpty)
        #expect(ogc.headers["content-type"] == "application/vnd.mapbox-vector-tile")

        // The limits of each tile matrix hold the tile of a risk of the collection.
        let limits = try #require(tileset.object["tileMatrixSetLimits"] as? [[String: Any]])
        let z14 = try #require(limits.first { $0["tileMatrix"] as? String == "14" })
        let (minCol, maxCol) = (z14["minTileCol"] as? Int ?? .max, z14["maxTileCol"] as? Int ?? .min)
        let (minRow, maxRow) = (z14["minTileRow"] as? Int ?? .max, z14["maxTileRow"] as? Int ?? .min)
        #expect(minCol <= t.x && t.x <= maxCol && minRow <= t.y && t.y <= maxRow)

        // The tiling scheme: WebMercatorQuad, each matrix twice as fine as the one before, in both TMS encodings.
        let tms = server.get(String(scheme.dropFirst(server.base.count)))
        #expect(tms.status == 200 && tms.object["crs"] as? String == "http://www.opengis.net/def/crs/EPSG/0/3857")
        for member in ["tileMatrices", "tileMatrix"] {
            let matrices = try #require(tms.object[member] as? [[String: Any]])
            #expect(matrices.count == TileRoutes.deepestMatrix + 1)
            let scales = matrices.compactMap { $0["scaleDenominator"] as? Double }
            #expect(scales.count == matrices.count && abs(scales[0] - 559_082_264.03) < 1)
            #expect(zip(scales, scales.dropFirst()).allSatisfy { abs($0 / $1 - 2) < 1e-9 })
            #expect(matrices.last?["matrixWidth"] as? Int == 1 << TileRoutes.deepestMatrix)
        }
    }

    @Test func badTileRequestsAreClearErrors() throws {
        #expect(server.get("/collections/areas/tiles/WorldCRS84Quad").status == 404)
        #expect(server.get("/collections/nothing/tiles").status == 404)
        #expect(server.get("/collections/alerts/tiles").status == 404, "alerts are not drawn as tiles")
        let outOfRange = server.get("/collections/risks/tiles/WebMercatorQuad/3/8/0")
        #expect(outOfRange.status == 400 && outOfRange.headers["content-type"] == "application/problem+json")
        #expect(server.get("/collections/risks/tiles/WebMercatorQuad/x/0/0").status == 400)
        #expect(server.get("/tileMatrixSets/WorldCRS84Quad").status == 404)
        let list = server.get("/tileMatrixSets")
        #expect((list.object["tileMatrixSets"] as? [[String: Any]])?.first?["id"] as? String == "WebMercatorQuad")
    }

    @Test func tileJSONIsServedWithAndWithoutItsSuffix() throws {
        let plain = server.get("/tiles/risks,sites"), suffixed = server.get("/tiles/risks,sites.json")
        #expect(plain.status == 200 && plain.object["tilejson"] as? String == "3.0.0")
        #expect(plain.body == suffixed.body)
    }
}
