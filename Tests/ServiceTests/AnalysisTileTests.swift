import Foundation
import GeoKit
import Testing

/// The planners' computed layers as vector tiles, read back by mapbox-vector-tile: a high-consequence stretch in
/// the tile under its middle, an enterprise's threat rings in the tile under it from zoom 12 (none below).
@Suite struct AnalysisTileTests {
    @Test func hcaStretchesAndThreatZonesAsTiles() throws {
        let server = try TestServer()
        let hca = server.get("/analysis/pipeline-hca").object["features"] as? [[String: Any]] ?? []
        let stretch = try #require(hca.first)
        let line = ((stretch["geometry"] as? [String: Any])?["coordinates"] as? [[Double]]) ?? []
        let mid = line[line.count / 2]
        let t = try TileID.containing(Coordinate(mid[0], mid[1]), zoom: 14)
        let reply = server.get("/tiles/analysis/pipeline_hca/\(t.z)/\(t.x)/\(t.y).mvt")
        #expect(reply.status == 200 && reply.headers["content-type"] == "application/vnd.mapbox-vector-tile")
        let features = try decodeTile(reply.body)["pipeline_hca"] ?? []
        let pipeline = (stretch["properties"] as? [String: Any])?["pipeline_id"] as? Int
        #expect(features.contains { ($0["properties"] as? [String: Any])?["pipeline_id"] as? Int == pipeline }, "\(features.count) features")
        #expect(features.allSatisfy { (($0["geometry"] as? [String: Any])?["type"] as? String)?.hasSuffix("LineString") == true })

        let zones = server.get("/analysis/threat-zones?bbox=119,30,122,33").object["features"] as? [[String: Any]] ?? []
        let zone = try #require(zones.first)
        let ring = ((zone["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first ?? []
        let centre = Coordinate(ring.map { $0[0] }.reduce(0, +) / Double(ring.count), ring.map { $0[1] }.reduce(0, +) / Double(ring.count))
        let z13 = try TileID.containing(centre, zoom: 13)
        let rings = try decodeTile(server.get("/tiles/analysis/threat_zones/13/\(z13.x)/\(z13.y).mvt").body)["threat_zones"] ?? []
        let source = (zone["properties"] as? [String: Any])?["source"] as? Int
        #expect(rings.contains { ($0["properties"] as? [String: Any])?["source"] as? Int == source }, "\(rings.count) rings")
        let z10 = try TileID.containing(centre, zoom: 10)
        #expect(server.get("/tiles/analysis/threat_zones/10/\(z10.x)/\(z10.y).mvt").status == 204)
        #expect(server.get("/tiles/analysis/heat/13/\(z13.x)/\(z13.y).mvt").status == 404)
        #expect(server.get("/tiles/analysis/pipeline_hca/40/0/0.mvt").status == 400)
    }
}
