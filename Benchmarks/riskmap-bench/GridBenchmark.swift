import DemoCity
import Foundation
import GeoKit
import RiskGrid
import RiskModel
@_spi(RawSQL) import Store

/// The risk grid: a full rebuild (every level, stored), one edit's incremental update, and the same base-level
/// aggregation written in SpatiaLite SQL in the same run: risks projected with ST_Transform, each joined to
/// the cells of its bounding square (a generated integer table) and kept where the cell centre lies inside
/// the impact circle, then grouped per cell: count of risks reaching the cell by level and H.
struct GridBenchmark {
    let scale: DemoScale
    let path: String

    func run() throws {
        let store = try Store(path: path, observers: [EnterpriseColours(), GridObserver()])
        var report: GridBuilder.Report?
        let rebuild = try Harness.measure("grid rebuild", warmup: 1, runs: 3) { _ in
            let r = try store.write(WriteContext(actor: "bench")) { tx in
                try GridBuilder().rebuild(tx.connection, builtAt: DemoCity.epoch)
            }
            report = r
            return r.baseCells
        }
        guard let report else { return }
        let size = try store.read { r in try r.connection.scalar("SELECT sum(length(cells)) FROM grid_chunks").intValue ?? 0 }
        print("| grid rebuild, \(scale.name) | \(report.items.values.reduce(0, +)) items, \(report.baseCells) base cells, "
              + "\(report.chunks) chunks (\(size / 1024) KB) | median \(Harness.ms(rebuild.median)) ms over 3 runs |")

        // The same base-level aggregation in SpatiaLite SQL, checked against ours.
        let crs = report.geometry.crs.epsgCode ?? 32651
        let radii = RiskModelConfig.standard.defaultImpactRadiusM
        let steps = [
            "DROP TABLE IF EXISTS temp.bench_n",
            "DROP TABLE IF EXISTS temp.bench_p",
            "CREATE TEMP TABLE bench_n AS WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < 40) SELECT k FROM n",
            """
            CREATE TEMP TABLE bench_p AS SELECT level, r, x, y,
                   CAST(floor((x - r) / 100.0) AS INTEGER) AS i0, CAST(floor((y - r) / 100.0) AS INTEGER) AS j0,
                   CAST(floor((x + r) / 100.0) AS INTEGER) AS i1, CAST(floor((y + r) / 100.0) AS INTEGER) AS j1
            FROM (SELECT level, X(t) AS x, Y(t) AS y,
                         coalesce(impact_radius_m, CASE level WHEN 'major' THEN \(radii.major) WHEN 'significant' THEN \(radii.significant)
                                  WHEN 'general' THEN \(radii.general) ELSE \(radii.low) END) AS r
                  FROM (SELECT level, impact_radius_m, ST_Transform(geom, \(crs)) AS t FROM risks
                        WHERE geom IS NOT NULL AND valid_from IS NULL AND valid_to IS NULL))
            """,
        ]
        let sql = """
            SELECT count(*), sum(major), sum(h) FROM (
              SELECT i, j, sum(level = 'major') AS major, sum(level = 'significant') AS significant, sum(level = 'general') AS general,
                     sum(level = 'low') AS low,
                     sum(CASE level WHEN 'major' THEN 27 WHEN 'significant' THEN 9 WHEN 'general' THEN 3 ELSE 1 END * (1 - dist / r)) AS h
              FROM (SELECT level, r, i, j, sqrt(((i + 0.5) * 100 - x) * ((i + 0.5) * 100 - x) + ((j + 0.5) * 100 - y) * ((j + 0.5) * 100 - y)) AS dist
                    FROM (SELECT p.level, p.r, p.x, p.y, p.i0 + a.k AS i, p.j0 + b.k AS j FROM bench_p AS p
                          JOIN bench_n AS a ON a.k <= p.i1 - p.i0 JOIN bench_n AS b ON b.k <= p.j1 - p.j0))
              WHERE dist < r GROUP BY i, j)
            """
        let reader = try store.makeReader()
        var sqlCells = 0, sqlMajor = 0
        let peer = try Harness.measure("spatialite sql", warmup: 0, runs: 1) { _ in
            for step in steps { try reader.connection.execute(step) }
            let s = try reader.connection.prepare(sql)
            guard try s.step() else { return 0 }
            sqlCells = Int(s.int64(0))
            sqlMajor = Int(s.int64(1))
            return sqlCells
        }
        // Ours, counted the same way from the stored base level: cells reached by some risk, and major reaches.
        let (ourCells, ourMajor) = try store.read { r -> (Int, Int) in
            var cells = 0, major = 0
            var chunk = [CellSums](repeating: .zero, count: ChunkKey.cellCount)
            let s = try r.connection.prepare("SELECT cells FROM grid_chunks WHERE level = 0")
            while try s.step() {
                for n in chunk.indices { chunk[n] = .zero }
                try s.withBlob(0) { b in try chunk.withUnsafeMutableBufferPointer { try GridChunkCodec.decode(b, into: $0) } }
                for c in chunk where RiskLevel.allCases.contains(where: { c.reaching($0) > 0 }) {
                    cells += 1
                    major += c.reaching(.major)
                }
            }
            return (cells, major)
        }
        print("| grid aggregation as SpatiaLite SQL, \(scale.name) | \(sqlCells) cells reached (ours \(ourCells)), "
              + "\(sqlMajor) major reaches (ours \(ourMajor)) | SQL \(Harness.ms(peer.median)) ms | ratio \(String(format: "%.1f", peer.median / rebuild.median))× |")
        try reads(path)

        // One edit: move a permanent risk by up to 300 m, with and without the grid observer (same edits).
        let ids = try store.read { r in
            let s = try r.connection.prepare("SELECT fid FROM risks WHERE valid_from IS NULL AND valid_to IS NULL ORDER BY fid")
            var out: [Int64] = []
            while try s.step() { out.append(s.int64(0)) }
            return out
        }
        let bare = try Store(path: path, observers: [EnterpriseColours()])
        var state: UInt64 = 7
        func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        // Even runs move a risk, odd runs put it back, so the database ends as it began.
        var last: (id: Int64, at: Geometry)?
        func edit(_ s: Store, _ n: Int) throws -> Int {
            let (id, back) = last.map { ($0.id, Optional($0.at)) } ?? (ids[Int(unit() * Double(ids.count)) % ids.count], nil)
            let saved = try s.write(WriteContext(actor: "bench")) { tx -> Geometry? in
                guard let g = try tx.feature(id, in: Catalog.risks).geometry, case .point(let p) = g else { return nil }
                let next = back ?? .point(Coordinate(p.x + (unit() - 0.5) * 0.006, p.y + (unit() - 0.5) * 0.005))
                try tx.update(id, in: Catalog.risks, with: Feature(geometry: next), merge: true)
                return g
            }
            last = back == nil ? saved.map { (id, $0) } : nil
            return n
        }
        let withGrid = try Harness.measure("edit + grid", warmup: 20, runs: 300) { try edit(store, $0) }
        let without = try Harness.measure("edit", warmup: 20, runs: 300) { try edit(bare, $0) }
        let check = try store.read { r in try r.connection.scalar("SELECT sum(length(cells)) FROM grid_chunks").intValue ?? 0 }
        if check != size { print("note: the grid's stored size changed from \(size) to \(check) bytes across the edits") }
        print("| one edit (move a risk), \(scale.name) | with grid p50 \(Harness.ms(withGrid.median)) ms, p99 \(Harness.ms(withGrid.p99)) ms "
              + "| without grid p50 \(Harness.ms(without.median)) ms, p99 \(Harness.ms(without.p99)) ms "
              + "| grid share p50 \(Harness.ms(max(0, withGrid.median - without.median))) ms |")

    }

    /// Reads: the cells of one 256-px tile at a zoom (level by zoom, overlay at the demo's epoch) as GeoJSON,
    /// and explain at points around the centre.
    func reads(_ path: String) throws {
        let store = try Store(path: path)
        let reader = try store.makeReader()
        let query = try GridQuery(reader: reader)
        let at = Timestamp.parse(DemoCity.epoch)!
        let centre = DemoCity.centre
        for zoom in [10, 13] {
            let n = 1 << zoom
            let cx = Int((centre.x + 180) / 360 * Double(n))
            let cy = Int((1 - log(tan(centre.y * .pi / 180) + 1 / cos(centre.y * .pi / 180)) / .pi) / 2 * Double(n))
            let span = max(1, Int(scale.halfSize * 2 / (40_075_016.686 * cos(centre.y * .pi / 180) / Double(n))))
            let level = query.level(forZoom: zoom, latitude: centre.y)
            var cellsTotal = 0
            let m = try Harness.measure("grid tile z\(zoom)", warmup: 20, runs: 300) { k in
                let box = Self.tileBox(x: cx - span / 2 + (k * 7) % span, y: cy - span / 2 + (k * 13) % span, n: n)
                let cells = try query.cells(in: box, level: level, at: at)
                var w = JSONWriter(capacity: 1 << 16)
                try query.writeGeoJSON(cells, into: &w)
                cellsTotal += cells.count
                return w.bytes.count
            }
            print("| grid cells of one tile as GeoJSON, z\(zoom) (level \(level)), \(scale.name) | \(cellsTotal / 320) cells/tile avg "
                  + "| p50 \(Harness.ms(m.median)) ms, p99 \(Harness.ms(m.p99)) ms |")
        }
        let explain = try Harness.measure("explain", warmup: 10, runs: 200) { k in
            let lon = centre.x + Double(k % 20 - 10) * 0.002, lat = centre.y + Double(k / 20 - 5) * 0.002
            return try query.explain(lon: lon, lat: lat, at: at).contributions.count
        }
        print("| grid explain (one cell, every contribution), \(scale.name) | \(explain.checksum / 210) contributions avg "
              + "| p50 \(Harness.ms(explain.median)) ms, p99 \(Harness.ms(explain.p99)) ms |")
    }

    /// The lon/lat box of web-map tile (x, y) of a zoom with n tiles a side.
    static func tileBox(x: Int, y: Int, n: Int) -> BBox {
        func lat(_ y: Int) -> Double { atan(sinh(.pi * (1 - 2 * Double(y) / Double(n)))) * 180 / .pi }
        return BBox(minX: Double(x) / Double(n) * 360 - 180, minY: lat(y + 1), maxX: Double(x + 1) / Double(n) * 360 - 180, maxY: lat(y))
    }
}
