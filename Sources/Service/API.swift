import HTTP
import Store

/// The riskmap HTTP API: every endpoint, over one store. Handlers run on the server's workers, each with
/// its own `Worker` (a read-only connection); writes go through the store's single writer.
final class API: Sendable {
    let store: Store
    let config: ServiceConfig
    let auth: Authenticator
    let metrics: Metrics

    init(store: Store, config: ServiceConfig, metrics: Metrics) {
        self.store = store
        self.config = config
        self.metrics = metrics
        auth = Authenticator(store: store, anonymousReads: config.anonymousReads)
    }

    var endpoints: [Endpoint] {
        landingEndpoints + collectionEndpoints + itemEndpoints + writeEndpoints + operationsEndpoints
    }

    func router() throws -> Router<Worker> {
        var b = RouterBuilder<Worker>()
        for e in endpoints { b.add(e.method, e.pattern, e.handler) }
        return try b.build()
    }
}
