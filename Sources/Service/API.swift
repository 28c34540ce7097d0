import Foundation
import HTTP
import RiskGrid
import RiskModel
import Store
import Tiles

/// The riskmap HTTP API: every endpoint, over one store. Handlers run on the server's workers, each with
/// its own `Worker` (a read-only connection); writes go through the store's single writer.
final class API: Sendable {
    let store: Store
    let config: ServiceConfig
    let auth: Authenticator
    let metrics: Metrics
    let tiles: TileCache
    let tileSources: TileSources
    let coldRenders: ColdRenders
    let externalWrites: ExternalWrites
    let publicBase: PublicBase
    /// tiles/style.json as read at start-up, with `{base}` where the server's address goes.
    let styleTemplate: String?

    init(store: Store, config: ServiceConfig, metrics: Metrics) throws {
        self.store = store
        self.config = config
        self.metrics = metrics
        auth = Authenticator(tokens: try TokenTable(store: store), failures: AuthFailures(limit: config.authFailuresPerMinute),
                             anonymousReads: config.anonymousReads)
        publicBase = PublicBase(config: config)
        tiles = TileCache(capacityBytes: config.tileCacheMB << 20)
        tileSources = TileSources(store: store)
        coldRenders = ColdRenders(limit: config.tileRenders, timeoutSeconds: config.tileRenderTimeoutSeconds)
        externalWrites = ExternalWrites(store: store, cache: tiles, sources: tileSources)
        styleTemplate = (try? String(contentsOfFile: config.tilesDirectory + "/style.json", encoding: .utf8))
        store.observeTiles(cache: tiles, sources: tileSources)
    }

    var endpoints: [Endpoint] {
        landingEndpoints + collectionEndpoints + itemEndpoints + writeEndpoints + importEndpoints + tileEndpoints.map(noticingExternalWrites)
            + gridEndpoints + operationsEndpoints + viewerEndpoints
    }

    /// Tile answers first check for writes made by other processes (see ExternalWrites).
    private func noticingExternalWrites(_ e: Endpoint) -> Endpoint {
        var wrapped = e
        let handler = e.handler
        wrapped.handler = { [externalWrites] request, worker in
            externalWrites.check()
            return try handler(request, &worker)
        }
        return wrapped
    }

    func router() throws -> Router<Worker> {
        var b = RouterBuilder<Worker>()
        for e in endpoints { b.add(e.method, e.pattern, config.anonymousReads || e.secured || e.open ? e.handler : needingAToken(e.handler)) }
        return try b.build()
    }

    /// With `anonymousReads: false`, every read but the open ones (/health) needs a valid bearer token.
    private func needingAToken(_ handler: @escaping Handler<Worker>) -> Handler<Worker> {
        { [auth] request, worker in
            _ = try auth.caller(request, forWrite: false)
            return try handler(request, &worker)
        }
    }
}
