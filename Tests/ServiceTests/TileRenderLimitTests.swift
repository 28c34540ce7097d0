import Foundation
import GeoKit
import Testing
import Tiles
@testable import Service

/// Cache misses are drawn a few at a time and within a deadline: a miss that waits for a renderer or draws
/// past it answers 503 problem+json with Retry-After, caches nothing, and /health and cached tiles still answer.
@Suite struct TileRenderLimitTests {
    func path(_ t: TileID) -> String { "/tiles/risks,sites,roads,areas,pipelines/\(t.z)/\(t.x)/\(t.y).mvt" }

    @Test func aMissWaitingForABusyRendererPastTheDeadlineIs503AndOthersStillAnswer() throws {
        // Two workers: one renderer, so one worker is left for the rest.
        let server = try TestServer { $0.tileRenderTimeoutSeconds = 0.3 }
        #expect(server.service.coldRenders.limit == 1)
        let cached = try TileID.containing(Coordinate(120.62, 31.31), zoom: 12)
        #expect(server.get(path(cached)).status == 200)
        let cold = try TileID.containing(Coordinate(120.62, 31.31), zoom: 13)
        let layers = try TileLayer.layers("risks,sites,roads,areas,pipelines")
        try #require(!TileRenderer.isSmall(layers, tile: cold, sources: try TileSources(store: server.store).snapshot(layers)))
        try server.service.coldRenders.run { _ in
            let r = server.get(path(cold))
            #expect(r.status == 503)
            #expect(r.headers["content-type"] == "application/problem+json")
            #expect(r.headers["retry-after"] == "1")
            #expect((r.object["detail"] as? String)?.contains("busy") == true)
            #expect(server.get("/health").status == 200)
            #expect(server.get(path(cached)).status == 200, "a cached tile needs no renderer")
        }
        #expect(metrics(server)["riskmap_tile_renders_busy_total"] == 1)
        #expect(server.get(path(cold)).status == 200, "the refused tile was not cached as a failure")
    }

    @Test func aDrawingPastItsDeadlineIs503AndNotCached() throws {
        let server = try TestServer { $0.tileRenderTimeoutSeconds = 1e-9 }
        // A tile too large to count as small: a small one is drawn where it arrives, with no deadline to pass.
        let t = try TileID.containing(Coordinate(120.62, 31.31), zoom: 11)
        let layers = try TileLayer.layers("risks,sites,roads,areas,pipelines")
        try #require(!TileRenderer.isSmall(layers, tile: t, sources: try TileSources(store: server.store).snapshot(layers)))
        for _ in 0..<2 {
            let r = server.get(path(t))
            #expect(r.status == 503)
            #expect(r.headers["content-type"] == "application/problem+json")
            #expect(r.headers["retry-after"] == "1")
            #expect((r.object["detail"] as? String)?.contains("longer than") == true)
        }
        let m = metrics(server)
        #expect(m["riskmap_tile_cache_entries"] == 0)
        #expect(m["riskmap_tile_renders_timed_out_total"] == 2)
        #expect(server.get("/health").status == 200)
    }

    @Test func limitsAreConfigured() throws {
        func decode(_ json: String) throws -> ServiceConfig { try JSONDecoder().decode(ServiceConfig.self, from: Data(json.utf8)) }
        #expect(try decode(#"{"workers": 8}"#).tileRenders == 7)
        #expect(try decode(#"{"workers": 1}"#).tileRenders == 1)
        #expect(try decode(#"{"workers": 8, "maxTileRenders": 2}"#).tileRenders == 2)
        #expect(try decode("{}").tileRenderTimeoutSeconds == 5)
        #expect(throws: DecodingError.self) { try decode(#"{"maxTileRenders": 0}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"tileRenderTimeoutSeconds": 0}"#) }
    }
}
