import DemoCity
import Foundation
import GeoKit
@_spi(RawSQL) import Store

/// Point-in-bbox queries on the risks layer, answered as GeoJSON Features (geometry and every property):
/// riskmap's reader (R*Tree ids, rows written as JSON in place) against the same output built in SpatiaLite
/// SQL (SpatialIndex virtual table + MbrIntersects, AsGeoJSON and json_object), same boxes, same run.
struct BBoxBenchmark {
    let scale: DemoScale
    let path: String

    func boxes(side: Double, count: Int) -> [BBox] {
        // Centres spread like the city's features (denser in the middle), fixed for the run.
        var state: UInt64 = 42
        func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        let dLat = side / 111_132, dLon = side / (111_320 * cos(DemoCity.centre.y * .pi / 180))
        let spreadLon = scale.halfSize / 111_320 / cos(DemoCity.centre.y * .pi / 180) * 0.4, spreadLat = scale.halfSize / 111_132 * 0.4
        return (0..<count).map { _ in
            let u = unit() * 2 - 1, v = unit() * 2 - 1
            let c = Coordinate(DemoCity.centre.x + u * spreadLon, DemoCity.centre.y + v * spreadLat)
            return BBox(minX: c.x - dLon / 2, minY: c.y - dLat / 2, maxX: c.x + dLon / 2, maxY: c.y + dLat / 2)
        }
    }

    func run() throws {
        let store = try Store(path: path)
        let reader = try store.makeReader()
        let properties = Catalog.risks.fields.map { "'\($0.name)', \($0.name)" }.joined(separator: ", ")
        let sql = try reader.connection.prepare("""
            SELECT json_object('type', 'Feature', 'id', fid, 'geometry', json(AsGeoJSON(geom)), 'properties', json_object(\(properties)))
            FROM risks WHERE ROWID IN (
              SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'risks' AND search_frame = BuildMbr(?, ?, ?, ?))
            AND MbrIntersects(geom, BuildMbr(?, ?, ?, ?))
            """)
        for side in [1_000.0, 3_000.0] {
            let queries = boxes(side: side, count: 2_000)
            var found = 0
            var bytes = 0
            let ours = try Harness.measure("riskmap", warmup: 200, runs: queries.count) { i in
                var w = JSONWriter(capacity: 1 << 16)
                let n = try reader.writeGeoJSON(Catalog.risks, bbox: queries[i % queries.count], into: &w)
                found += n
                bytes += w.bytes.count
                return n
            }
            let peer = try Harness.measure("spatialite sql", warmup: 200, runs: queries.count) { i in
                let b = queries[i % queries.count]
                sql.reset()
                try sql.bind([.real(b.minX), .real(b.minY), .real(b.maxX), .real(b.maxY), .real(b.minX), .real(b.minY), .real(b.maxX), .real(b.maxY)])
                var n = 0
                while try sql.step() { n += sql.text(0)!.isEmpty ? 0 : 1 }
                return n
            }
            guard ours.checksum == peer.checksum else {
                throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "result counts differ: \(ours.checksum) vs \(peer.checksum)"])
            }
            let km2 = Int(side * side / 1e6)
            print("| bbox \(km2) km² risks as GeoJSON, \(scale.name) | \(found / queries.count) features, \(bytes / queries.count / 1024) KB/query avg "
                  + "| riskmap p50 \(Harness.ms(ours.median)) ms, p99 \(Harness.ms(ours.p99)) ms "
                  + "| SpatiaLite SQL p50 \(Harness.ms(peer.median)) ms, p99 \(Harness.ms(peer.p99)) ms "
                  + "| ratio \(String(format: "%.1f", peer.median / ours.median))× |")
        }
    }
}
