import HTTP
import Store

/// riskmap's server: the API on riskmap's HTTP server, one read-only connection per worker.
public final class RiskmapService: Sendable {
    public let store: Store
    public let config: ServiceConfig
    private let server: Server<Worker>
    private let tileSources: TileSources

    /// `store` must not already run a GridObserver: the service adds its own, wired to the tile cache.
    public init(store: Store, config: ServiceConfig, handleSignals: Bool = false) throws {
        self.store = store
        self.config = config
        let metrics = Metrics()
        let api = API(store: store, config: config, metrics: metrics)
        tileSources = api.tileSources
        var serverConfig = config.server
        serverConfig.handleSignals = handleSignals
        if config.accessLog {
            serverConfig.accessLog = { e in writeLog(e.line) }
        }
        server = Server(configuration: serverConfig, router: try api.router(), metrics: metrics) { _ in
            Worker(reader: try store.makeReader())
        }
    }

    /// Builds the tile sources of every layer (so the first tiles are as quick as the rest), then binds and
    /// starts the threads; `port` then tells where it listens.
    public func start() throws {
        try tileSources.warm(layerList: API.allLayers)
        try server.start()
    }
    public var port: Int { server.port }
    /// Returns once the server has shut down (after `shutdown()` or SIGTERM/SIGINT) and drained.
    public func wait() { server.wait() }
    public func shutdown() { server.shutdown() }
}
