import DemoCity
import Foundation
import GeoKit
@_spi(RawSQL) import Store
import Tiles
import VectorTiles

/// Cold composite tiles (risks, sites, pipelines; no tile cache, drawn from the in-memory tile sources the server
/// keeps, built once before timing and their build time reported) at z10–z16 on a fixed list of
/// tiles spread like the data: riskmap with the budget off (every feature, PostGIS's output) and on (the
/// served tiles), and, when `--postgis DSN` is given, PostGIS ST_AsMVT on the same tiles in the same run
/// (Benchmarks/peers/postgis.sh loads it, postgis_tiles.py times it through libpq).
struct TileBenchmark {
    static let layers = "risks,sites,pipelines"
    static let zooms = 10...16
    static let perZoom = 100
    static let passes = 3
    /// The priority of a major risk in the tile budget's order.
    static let major = TileLayer.all.first { $0.name == "risks" }!.priority(of: "major")

    let scale: DemoScale
    let path: String
    let dir: String
    let postgis: String?
    let layers: String

    /// Per zoom, up to `perZoom` distinct tiles in first-seen order of every 37th risk: dense where the
    /// risks are. Fewer at low zooms, where the city spans only a few tiles.
    func tiles(_ reader: Reader) throws -> [TileID] {
        let s = try reader.connection.prepare("SELECT X(geom), Y(geom) FROM risks WHERE geom IS NOT NULL AND fid % 37 = 0 ORDER BY fid")
        var points: [Coordinate] = []
        while try s.step() { points.append(Coordinate(s.double(0), s.double(1))) }
        var out: [TileID] = []
        for z in Self.zooms {
            var seen = Set<TileID>()
            for p in points where seen.count < Self.perZoom {
                let t = try TileID.containing(p, zoom: z)
                if seen.insert(t).inserted { out.append(t) }
            }
        }
        return out
    }

    struct Sample {
        var ms: [Double] = []
        var bytes = 0
        var features: [String: Int] = [:]
        var majorDropped = 0
    }

    func riskmap(_ tiles: [TileID], sources: TileSources, budget: TileBudget) throws -> [TileID: Sample] {
        var out: [TileID: Sample] = [:]
        for pass in 0...Self.passes {
            for t in tiles {
                let t0 = Harness.now()
                let tile = try TileRenderer.render(layerList: layers, tile: t, sources: sources, budget: budget)
                let dt = (Harness.now() - t0) * 1000
                if pass == 0 {
                    // The warm-up pass records what the tile holds.
                    var s = Sample(bytes: tile.bytes.count)
                    for l in tile.layers where l.kept > 0 { s.features[l.name] = l.kept }
                    s.majorDropped = tile.report("risks")?.droppedByPriority[Self.major] ?? 0
                    out[t] = s
                } else {
                    out[t]?.ms.append(dt)
                }
            }
        }
        return out
    }

    func peer(_ dsn: String, listFile: String) throws -> [TileID: Sample] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "Benchmarks/peers/postgis_tiles.py", dsn, listFile, String(Self.passes)]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchError("postgis_tiles.py failed (status \(p.terminationStatus))") }
        var out: [TileID: Sample] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let z = o["z"] as? Int, let x = o["x"] as? Int, let y = o["y"] as? Int else { continue }
            out[try TileID(z: z, x: x, y: y)] = Sample(ms: o["ms"] as? [Double] ?? [], bytes: o["bytes"] as? Int ?? 0,
                                                       features: o["features"] as? [String: Int] ?? [:])
        }
        return out
    }

    func run() throws {
        let store = try Store(path: path)
        let reader = try store.makeReader()
        let list = try tiles(reader)
        let listFile = "\(dir)/tiles-\(scale.name).txt"
        try list.map { "\($0.z) \($0.x) \($0.y)\n" }.joined().write(toFile: listFile, atomically: true, encoding: .utf8)
        print("tile list: \(listFile) (\(list.count) tiles)")
        let sources = TileSources(store: store)
        let t0 = Harness.now()
        let held = try sources.warm(layerList: layers)
        print("tile sources: \(held) features built in \(Harness.ms(Harness.now() - t0)) ms")
        let full = try riskmap(list, sources: sources, budget: .unlimited)
        let budgeted = try riskmap(list, sources: sources, budget: TileRenderer.budget)
        let pg = try postgis.map { try peer($0, listFile: listFile) }

        print("| zoom | tiles | riskmap, no budget: p50 / p99 ms, median / max KB | PostGIS ST_AsMVT: p50 / p99 ms, median / max KB "
              + "| PostGIS ÷ riskmap (p50) | same features | riskmap, 500 KB budget: p50 / p99 ms, median / max KB | major risks dropped |")
        print("|---|---|---|---|---|---|---|---|")
        for z in Self.zooms {
            let tiles = list.filter { $0.z == z }
            let ours = Stats(tiles.compactMap { full[$0] })
            let thin = Stats(tiles.compactMap { budgeted[$0] })
            let major = tiles.reduce(0) { $0 + (budgeted[$1]?.majorDropped ?? 0) }
            var peerCells = "not run | | "
            if let pg {
                let theirs = Stats(tiles.compactMap { pg[$0] })
                let differing = tiles.filter { (full[$0]?.features ?? [:]) != (pg[$0]?.features ?? [:]) }
                let detail = differing.first.map { t in " (e.g. \(t): riskmap \(full[t]?.features ?? [:]), PostGIS \(pg[t]?.features ?? [:]))" } ?? ""
                peerCells = "\(theirs.timeCell) | \(String(format: "%.1f", theirs.p50 / ours.p50))× | "
                    + (differing.isEmpty ? "yes" : "\(differing.count) tiles differ\(detail)")
            }
            print("| z\(z) | \(tiles.count) | \(ours.timeCell) | \(peerCells) | \(thin.timeCell) | \(major) |")
        }
    }

    /// Per-zoom figures over all timed samples of all tiles.
    struct Stats {
        let p50: Double, p99: Double, medianKB: Double, maxKB: Double

        init(_ samples: [Sample]) {
            let ms = samples.flatMap(\.ms).sorted()
            let kb = samples.map { Double($0.bytes) / 1000 }.sorted()
            func at(_ a: [Double], _ q: Double) -> Double { a.isEmpty ? 0 : a[min(a.count - 1, Int((Double(a.count - 1) * q).rounded()))] }
            p50 = at(ms, 0.5)
            p99 = at(ms, 0.99)
            medianKB = at(kb, 0.5)
            maxKB = kb.last ?? 0
        }

        var timeCell: String {
            "\(Harness.ms(p50 / 1000)) / \(Harness.ms(p99 / 1000)) ms, \(String(format: "%.1f", medianKB)) / \(String(format: "%.1f", maxKB)) KB"
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
