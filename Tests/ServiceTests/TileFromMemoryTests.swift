import Foundation
import FoundationNetworking
import GeoKit
import Synchronization
import Testing
@testable import Service
import Tiles

/// Cached tiles are answered on the I/O thread, without waiting for a worker, exactly as a worker would
/// answer them (the same bytes, tags, 304s and HEADs); gzip is made when a client first asks for it; and a
/// cached tile is never a way around the access check.
@Suite struct TileFromMemoryTests {
    func path(_ t: TileID, _ tileset: String = "risks,sites,roads,areas,pipelines") -> String {
        "/tiles/\(tileset)/\(t.z)/\(t.x)/\(t.y).mvt"
    }
    static let identity = ["Accept-Encoding": "identity"]

    /// With and without the grid, whose tiles are keyed by the stretch of time the tile sources name.
    @Test(arguments: ["risks,sites,roads,areas,pipelines", "areas,grid,risks,reports"])
    func aCachedTileIsAnsweredWhileTheOnlyWorkerWaits(tileset: String) throws {
        func path(_ t: TileID) -> String { self.path(t, tileset) }
        let server = try TestServer {
            $0.workers = 1
            $0.tileRenderTimeoutSeconds = 30
        }
        let cached = try TileID.containing(Coordinate(120.62, 31.31), zoom: 12)
        let warm = server.get(path(cached), headers: Self.identity)
        let warmGzip = server.get(path(cached))
        #expect(warm.status == 200 && warmGzip.status == 200)
        #expect(warmGzip.headers["content-encoding"] == "gzip")
        let cold = try TileID.containing(Coordinate(120.62, 31.31), zoom: 14)
        // With a query, so that the miss goes to the worker even where it is small enough to draw here.
        let now = ISO8601DateFormatter().string(from: Date())
        let coldURL = URL(string: server.base + path(cold) + "?at=" + now)!
        let coldDone = Atomic<Bool>(false)
        let coldFinished = DispatchSemaphore(value: 0)
        try server.service.coldRenders.run { _ in
            // The only worker takes the miss and waits for the renderer this test holds. A client of its own:
            // the server's holds one connection, which would wait for this answer.
            let other = URLSession(configuration: .ephemeral)
            other.dataTask(with: coldURL) { _, _, _ in
                coldDone.store(true, ordering: .sequentiallyConsistent)
                coldFinished.signal()
            }.resume()
            Thread.sleep(forTimeInterval: 0.5)
            let hit = server.get(path(cached), headers: Self.identity)
            let hitGzip = server.get(path(cached))
            let notModified = server.get(path(cached), headers: ["If-None-Match": warm.headers["etag"] ?? "-"])
            let head = server.request("HEAD", path(cached), headers: Self.identity)
            let coldAnsweredFirst = coldDone.load(ordering: .sequentiallyConsistent)
            #expect(!coldAnsweredFirst, "answered only after the worker was free")
            #expect(hit.status == 200 && hit.body == warm.body && hit.headers["etag"] == warm.headers["etag"])
            #expect(hit.headers["content-type"] == "application/vnd.mapbox-vector-tile" && hit.headers["content-encoding"] == nil)
            #expect(hitGzip.status == 200 && hitGzip.headers["content-encoding"] == "gzip" && hitGzip.body == warm.body)
            #expect(notModified.status == 304 && notModified.body.isEmpty)
            #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] == String(warm.body.count))
        }
        coldFinished.wait()
        #expect(metrics(server)["riskmap_tile_cache_misses_total"] == 2, "a hit on the I/O thread counts no miss")
        #expect(server.get(path(cold)).status == 200)
    }

    /// A small miss is drawn where the request arrived, as a hit is answered: it does not wait for the only
    /// worker, held by a large miss, and it is the tile a worker would draw. The large one waits its turn.
    @Test func aSmallMissIsDrawnWithoutWaitingForAWorker() throws {
        let tileset = "risks,sites,roads,areas,pipelines"
        let server = try TestServer {
            $0.workers = 1
            $0.tileRenderTimeoutSeconds = 30
        }
        let layers = try TileLayer.layers(tileset)
        // Sources of their own, built from the database: the server's are its business.
        let sources = try TileSources(store: server.store).snapshot(layers)
        let small = try TileID.containing(Coordinate(120.62, 31.31), zoom: 17)
        let large = try TileID.containing(Coordinate(120.62, 31.31), zoom: 11)
        try #require(TileRenderer.isSmall(layers, tile: small, sources: sources))
        try #require(!TileRenderer.isSmall(layers, tile: large, sources: sources))
        let largeDone = Atomic<Bool>(false)
        let largeFinished = DispatchSemaphore(value: 0)
        var answer = TestServer.Reply(status: 0, headers: [:], body: Data())
        try server.service.coldRenders.run { _ in
            let other = URLSession(configuration: .ephemeral)
            other.dataTask(with: URL(string: server.base + path(large))!) { _, _, _ in
                largeDone.store(true, ordering: .sequentiallyConsistent)
                largeFinished.signal()
            }.resume()
            Thread.sleep(forTimeInterval: 0.5)
            answer = server.get(path(small), headers: Self.identity)
            let largeAnsweredFirst = largeDone.load(ordering: .sequentiallyConsistent)
            #expect(!largeAnsweredFirst, "the large miss waits for the renderer this test holds")
        }
        largeFinished.wait()
        let drawn = try TileRenderer.render(layers, tile: small, sources: sources, at: Int64(Date().timeIntervalSince1970))
        #expect(answer.status == 200 && answer.body == Data(drawn.bytes) && !drawn.bytes.isEmpty)
        #expect(metrics(server)["riskmap_tile_cache_misses_total"] == 2, "both misses are counted")
        let again = server.get(path(small), headers: Self.identity)
        #expect(again.status == 200 && again.body == answer.body && again.headers["etag"] == answer.headers["etag"])
        #expect(metrics(server)["riskmap_tile_cache_misses_total"] == 2, "and the small one was cached")
    }

    @Test func gzipIsMadeWhenAClientFirstAsksForIt() throws {
        let server = try TestServer()
        let t = try TileID.containing(Coordinate(120.62, 31.31), zoom: 12)
        let plain = server.get(path(t), headers: Self.identity)
        #expect(plain.status == 200 && plain.headers["content-encoding"] == nil)
        let identityBytes = metrics(server)["riskmap_tile_cache_bytes"] ?? 0
        let gz = server.get(path(t))
        #expect(gz.status == 200 && gz.headers["content-encoding"] == "gzip" && gz.body == plain.body)
        let withGzip = metrics(server)["riskmap_tile_cache_bytes"] ?? 0
        #expect(withGzip > identityBytes, "the gzip form joins the cached tile")
        #expect(server.get(path(t)).body == plain.body)
        #expect(metrics(server)["riskmap_tile_cache_bytes"] == withGzip, "and is made once")
    }

    @Test func aCachedTileStillNeedsAValidTokenWhenReadsDo() throws {
        let server = try TestServer { $0.anonymousReads = false }
        let token = try server.token(.viewer)
        let t = try TileID.containing(Coordinate(120.62, 31.31), zoom: 12)
        let authorised = ["Authorization": "Bearer \(token)"]
        #expect(server.get(path(t), headers: authorised).status == 200)
        #expect(server.get(path(t), headers: authorised).status == 200)
        #expect(server.get(path(t)).status == 401)
        #expect(server.get(path(t), headers: ["Authorization": "Bearer not-a-token"]).status == 401)
    }
}
