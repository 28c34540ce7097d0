import Foundation
import GeoKit
import Store
import Testing
import Tiles
@testable import Service

/// Runs the independent decoder (mapbox-vector-tile, Tests/VectorTilesTests/decode_mvt.py) on tile bytes.
func decodeTile(_ bytes: Data) throws -> [String: [[String: Any]]] {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-tile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("t.mvt"), out = dir.appendingPathComponent("out.json")
    try bytes.write(to: file)
    FileManager.default.createFile(atPath: out.path, contents: nil)
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("VectorTilesTests/decode_mvt.py").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [ProcessInfo.processInfo.environment["RISKMAP_PYTHON"] ?? "python3", script, file.path]
    p.standardOutput = try FileHandle(forWritingTo: out)
    try p.run()
    p.waitUntilExit()
    try #require(p.terminationStatus == 0, "decode_mvt.py failed; pip install -r scripts/requirements-test.txt")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
    var layers: [String: [[String: Any]]] = [:]
    for l in json?["layers"] as? [[String: Any]] ?? [] {
        #expect(l["version"] as? Int == 2)
        #expect(l["extent"] as? Int == 4096)
        layers[l["name"] as! String] = l["features"] as? [[String: Any]]
    }
    return layers
}

@Suite(.serialized) struct TileAPITests {
    let server: TestServer

    init() throws { server = try TestServer() }

    func tile(_ layers: String, _ t: TileID, headers: [String: String] = [:]) -> TestServer.Reply {
        server.get("/tiles/\(layers)/\(t.z)/\(t.x)/\(t.y).mvt", headers: headers)
    }

    /// Every risk of the tile's area (in its window, if it has one) is in the tile with its attributes, within one
    /// tile unit of where the database puts it; command streams and winding follow MVT 2.1 as the decoder checks them.
    @Test func tileHoldsExactlyTheDatabaseFeatures() throws {
        for z in [12, 14, 16] {
            let id = try TileID.containing(Coordinate(120.62, 31.31), zoom: z)
            let r = tile("risks,sites,pipelines,areas", id)
            #expect(r.status == 200)
            #expect(r.headers["content-type"] == "application/vnd.mapbox-vector-tile")
            let decoded = try decodeTile(r.body)
            let transform = TileTransform(tile: id)
            // Temporary risks are drawn only inside their windows (TileTimeWindowTests); tiles are drawn for now.
            let now = Timestamp.now()
            let inTile = try server.store.read { try $0.features(in: Catalog.risks, bbox: id.bbox) }.filter { f in
                (f["valid_from"].textValue.map { $0 <= now } ?? true) && (f["valid_to"].textValue.map { $0 > now } ?? true)
            }
            #expect(!inTile.isEmpty || z == 16)
            let risks = Dictionary(uniqueKeysWithValues: (decoded["risks"] ?? []).map { (($0["id"] as? Int) ?? -1, $0) })
            for f in inTile {
                let got = try #require(risks[Int(f.id!)], "risk \(f.id!) missing from \(id)")
                let props = got["properties"] as? [String: Any] ?? [:]
                #expect(props["level"] as? String == f["level"].textValue)
                #expect(props["name"] as? String == f["name"].textValue)
                guard case .point(let c) = f.geometry else { continue }
                let expected = transform.tileCoordinate(lonLat: c)
                let xy = (got["geometry"] as? [String: Any])?["coordinates"] as? [Double] ?? []
                #expect(xy.count == 2 && abs(xy[0] - expected.x) <= 1 && abs(xy[1] - expected.y) <= 1)
            }
            for layer in decoded.values {
                for f in layer {
                    #expect((f["command_errors"] as? [String])?.isEmpty == true, "\(f["command_errors"] ?? "")")
                    for polygon in f["ring_areas"] as? [[Double]] ?? [] {
                        #expect((polygon.first ?? 0) > 0, "exterior rings are clockwise on screen")
                        for hole in polygon.dropFirst() { #expect(hole < 0, "holes are counter-clockwise") }
                    }
                }
            }
        }
    }

    @Test func editedFeaturesShowAtOnceAtEveryZoomAndOtherTilesKeepTheirETag() throws {
        let token = try server.token(.editor)
        let risk = try #require(try server.store.read { try $0.feature(5, in: Catalog.risks) })
        guard case .point(let c) = risk.geometry else { Issue.record("risk 5 has no point"); return }
        let zooms = [8, 11, 13, 15, 17]
        let touched = try zooms.map { try TileID.containing(c, zoom: $0) }
        let far = try TileID.containing(Coordinate(120.585, 31.28), zoom: 15)
        #expect(!touched.contains(far))
        let farBefore = tile("risks", far)
        let before = touched.map { tile("risks", $0).headers["etag"] }
        let newLevel = risk["level"] == "low" ? "major" : "low"
        let patch = server.send("PATCH", "/collections/risks/items/5", token: token, json: #"{"type":"Feature","properties":{"level":"\#(newLevel)"}}"#)
        #expect(patch.status == 200)
        for (i, t) in touched.enumerated() {
            let r = tile("risks", t)
            #expect(r.headers["etag"] != before[i], "tile \(t) kept its old ETag")
            let f = try decodeTile(r.body)["risks"]?.first { $0["id"] as? Int == 5 }
            #expect((f?["properties"] as? [String: Any])?["level"] as? String == newLevel, "tile \(t) is stale")
        }
        if let etag = farBefore.headers["etag"] {
            #expect(tile("risks", far, headers: ["If-None-Match": etag]).status == 304)
        } else {
            #expect(farBefore.status == 204)
        }
    }

    @Test func badTileRequestsAreProblems() throws {
        for (path, status) in [("/tiles/risks/30/0/0.mvt", 400), ("/tiles/risks/3/8/0.mvt", 400), ("/tiles/risks/3/x/0.mvt", 400),
                               ("/tiles/risks,nope/3/0/0.mvt", 404), ("/tiles/secrets/3/0/0.mvt", 404), ("/tiles/risks/3/0/0.png", 404),
                               ("/tiles/nope.json", 404)] {
            let r = server.get(path)
            #expect(r.status == status, "\(path) → \(r.status)")
            #expect(r.headers["content-type"] == "application/problem+json")
        }
        // The far side of the world has no feature: 204, no body.
        #expect(server.get("/tiles/risks/10/10/10.mvt").status == 204)
    }

    @Test func tileJSONCatalogAndStyle() throws {
        // Asked in any order, a composite is named and drawn in the order of /tiles.
        let tj = server.get("/tiles/risks,sites,risks.json").object
        #expect(tj["tilejson"] as? String == "3.0.0")
        #expect((tj["tiles"] as? [String])?.first == "\(server.base)/tiles/sites,risks/{z}/{x}/{y}.mvt")
        let layers = tj["vector_layers"] as? [[String: Any]] ?? []
        #expect(layers.compactMap { $0["id"] as? String } == ["sites", "risks"])
        #expect((layers.last?["fields"] as? [String: String])?["level"] == "String")
        let bounds = tj["bounds"] as? [Double] ?? []
        #expect(bounds.count == 4 && bounds[0] > 120 && bounds[2] < 121)
        #expect((tj["center"] as? [Double])?.count == 3)
        let catalog = server.get("/tiles").object["tilesets"] as? [[String: Any]] ?? []
        #expect(catalog.count == TileLayer.all.count + 2, "every layer, the grid, and the composite")
        let style = server.get("/style.json")
        #expect(style.status == 200)
        let source = ((style.object["sources"] as? [String: Any])?["riskmap"] as? [String: Any])?["url"] as? String
        #expect(source?.hasPrefix(server.base + "/tiles/") == true)
        #expect(server.get(String(source!.dropFirst(server.base.count))).status == 200)
    }

    /// One set of layers at one tile is one cache entry, however the list or the numbers are spelt.
    @Test func layerListsAreCanonicalCacheKeys() throws {
        let t = try TileID.containing(Coordinate(120.62, 31.31), zoom: 13)
        let before = metrics(server)
        let spellings = ["risks,sites/\(t.z)/\(t.x)/\(t.y).mvt", "sites,risks/\(t.z)/\(t.x)/\(t.y).mvt",
                         "risks,risks,sites/\(t.z)/\(t.x)/\(t.y).mvt", "sites,risks,sites/0\(t.z)/\(t.x)/\(t.y).pbf"]
        let replies = spellings.map { server.get("/tiles/" + $0) }
        #expect(replies.allSatisfy { $0.status == 200 })
        #expect(Set(replies.map(\.body)).count == 1, "the spellings drew different tiles")
        let after = metrics(server)
        #expect(after["riskmap_tile_cache_entries"]! - before["riskmap_tile_cache_entries"]! == 1)
        #expect(after["riskmap_tile_cache_misses_total"]! - before["riskmap_tile_cache_misses_total"]! == 1)
        #expect(after["riskmap_tile_cache_hits_total"]! - before["riskmap_tile_cache_hits_total"]! == 3)
        let names = Set(try decodeTile(replies[0].body).keys)
        #expect(names == ["risks", "sites"])
    }

    /// A tile a worker drew carries its handler's Server-Timing; the same tile answered from the cache on the I/O
    /// thread right after it (the same second, when a head is kept for plain requests) carries none: a head with a
    /// per-request header is never kept for others.
    @Test func aWorkersTimingIsNotKeptForCachedAnswers() throws {
        let t = try TileID.containing(Coordinate(120.62, 31.31), zoom: 17)
        // A grid tile is drawn by a worker; a small one (no file copy) and identity bytes (the gzip form would be
        // kept on a new entry) leave the worker's answer and the cache's with one entry and so one kept head.
        let plain = ["Accept-Encoding": "identity"]
        let drawn = tile("grid", t, headers: plain)
        try #require(drawn.status == 200 && drawn.headers["server-timing"] != nil && drawn.body.count < TileCache.fileFromBytes,
                     "the first answer should come from a worker, under the file copy's size")
        for _ in 0..<3 {
            let cached = tile("grid", t, headers: plain)
            #expect(cached.status == 200 && cached.body == drawn.body && cached.headers["server-timing"] == nil)
        }
    }

    /// The style's own source, every layer and the grid, gives a valid tile at every zoom over the city: at z0–z3
    /// the grid was asked for every cell of a hemisphere and answered 400, so a zoomed-out map showed nothing.
    @Test func styleCompositeIsValidAtEveryZoom() throws {
        let style = server.get("/style.json").object
        let url = try #require(((style["sources"] as? [String: Any])?["riskmap"] as? [String: Any])?["url"] as? String)
        let tileJSON = server.get(String(url.dropFirst(server.base.count))).object
        let template = try #require((tileJSON["tiles"] as? [String])?.first)
        #expect(template.contains("grid"))
        var drawn = 0
        for z in 0...22 {
            let t = try TileID.containing(Coordinate(120.62, 31.31), zoom: z)
            let path = template.dropFirst(server.base.count).replacingOccurrences(of: "{z}/{x}/{y}", with: "\(t.z)/\(t.x)/\(t.y)")
            let r = server.get(path)
            #expect(r.status == 200 || r.status == 204, "z\(z): \(r.status) \(r.text)")
            guard r.status == 200 else { continue }
            drawn += 1
            for layer in try decodeTile(r.body).values {
                for f in layer { #expect((f["command_errors"] as? [String])?.isEmpty == true, "z\(z): \(f["command_errors"] ?? "")") }
            }
        }
        #expect(drawn == 23, "the city centre has features at every zoom")
    }
}

/// The server's /metrics as numbers by name (unlabelled series only).
func metrics(_ server: TestServer) -> [String: Int] {
    var out: [String: Int] = [:]
    for line in server.get("/metrics").text.split(separator: "\n") where !line.hasPrefix("#") {
        let parts = line.split(separator: " ")
        if parts.count == 2, !parts[0].contains("{"), let v = Int(parts[1]) { out[String(parts[0])] = v }
    }
    return out
}

/// The budget keeps the most severe: 3,000 low risks and 30 major ones in one small area, drawn with a budget
/// that holds a fraction of them, keep every major one.
@Suite struct TileBudgetTests {
    @Test func majorRisksSurviveThinning() throws {
        let server = try TestServer(demo: false)
        let context = WriteContext(actor: "test")
        try server.store.write(context) { tx in
            let s = try tx.insert(Feature(geometry: .point(Coordinate(120.6, 31.3)), properties: ["name": "园区", "sector": "hazardous_chemicals"]), into: Catalog.riskSources)
            var rng = SystemRandomNumberGenerator()
            for i in 0..<3_030 {
                let p = Coordinate(120.6 + Double.random(in: -0.01...0.01, using: &rng), 31.3 + Double.random(in: -0.01...0.01, using: &rng))
                try tx.insert(Feature(geometry: .point(p), properties: ["source_id": .integer(s.id!), "name": .text("风险\(i)"), "level": i % 101 == 0 ? "major" : "low"]),
                              into: Catalog.risks)
            }
        }
        let tile = try TileID.containing(Coordinate(120.6, 31.3), zoom: 12)
        let encoded = try TileRenderer.render(layerList: "risks", tile: tile, sources: TileSources(store: server.store),
                                              budget: .init(maxBytes: 8_000, maxFeatures: 100_000))
        let report = try #require(encoded.report("risks"))
        #expect(report.dropped > 0, "the budget did not bind")
        let decoded = try decodeTile(Data(encoded.bytes))["risks"] ?? []
        let levels = decoded.compactMap { ($0["properties"] as? [String: Any])?["level"] as? String }
        #expect(levels.filter { $0 == "major" }.count == 30)
        #expect(levels.count < 3_030)
        #expect(encoded.bytes.count <= 8_000)
    }
}

/// A write by another process (here: another Store on the same file, as `riskmap import` would be) is not seen
/// by the server's observers; the server notices SQLite's data_version move and drops its cached tiles.
@Suite struct ExternalWriteTests {
    @Test func tilesFollowWritesFromAnotherProcess() throws {
        let server = try TestServer()
        let risk = try #require(try server.store.read { try $0.feature(7, in: Catalog.risks) })
        guard case .point(let c) = risk.geometry else { return }
        let tile = try TileID.containing(c, zoom: 14)
        let path = "/tiles/risks/\(tile.z)/\(tile.x)/\(tile.y).mvt"
        _ = server.get(path)
        let other = try Store(path: server.dir.appendingPathComponent("db.sqlite").path)
        let newLevel: Value = risk["level"] == "low" ? "major" : "low"
        try other.write(WriteContext(actor: "another process")) {
            try $0.update(7, in: Catalog.risks, with: Feature(geometry: nil, properties: ["level": newLevel]), merge: true)
        }
        Thread.sleep(forTimeInterval: 1.1)
        let decoded = try decodeTile(server.get(path).body)["risks"]?.first { $0["id"] as? Int == 7 }
        #expect((decoded?["properties"] as? [String: Any])?["level"] as? String == newLevel.textValue)
    }
}
