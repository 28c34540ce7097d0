import Analysis
import Monotonic
import HTTP
import RiskGrid
import Store
import Tiles

/// riskmap's server: the API on riskmap's HTTP server, one read-only connection per worker.
public final class RiskmapService: Sendable {
    public let store: Store
    public let config: ServiceConfig
    private let server: Server<Worker>
    private let tileSources: TileSources
    private let areaFigures: AreaFigures
    private let hazards: HazardIndex
    private let viewerFiles: ViewerFiles
    /// The bound on tiles drawn at once; a test takes its slots to see what a busy server answers.
    let coldRenders: ColdRenders
    let searches: RoutingSlots

    /// `store` must not already run a GridObserver: the service adds its own, wired to the tile cache.
    public init(store: Store, config: ServiceConfig, handleSignals: Bool = false) throws {
        self.store = store
        self.config = config
        // Before the routes: their OpenAPI document lists the codes as they are at start.
        let added = try store.ensureVocabularies(config.vocabularies.map(\.entry), actor: "riskmap serve (config)")
        if !added.isEmpty { writeLog("vocabularies: added \(added.map { "\($0.layer).\($0.field) \($0.code)" }.joined(separator: ", ")) from the config") }
        let metrics = Metrics()
        let routes = try Routes(store: store, config: config, metrics: metrics)
        tileSources = routes.tileSources
        areaFigures = routes.areaFigures
        hazards = routes.hazards
        viewerFiles = routes.viewerFiles
        coldRenders = routes.coldRenders
        searches = routes.searches
        let router = try routes.router()
        var serverConfig = config.server
        serverConfig.handleSignals = handleSignals
        serverConfig.admission = { request in routes.admit(request, router: router) }
        serverConfig.immediate = { request in routes.answerFromMemory(&request, router: router) }
        if config.accessLog {
            let json = config.accessLogFormat == "json"
            serverConfig.accessLog = { e in writeLog(json ? e.json : e.line) }
        }
        server = Server(configuration: serverConfig, router: router, metrics: metrics) { _ in
            Worker(reader: try store.makeReader())
        }
    }

    /// Builds the tile sources of every layer and the area figures (so the first tiles and summaries are as
    /// quick as the rest), then binds and starts the threads; `port` then tells where it listens. Returns how
    /// many features the tile sources hold and the seconds both builds took.
    @discardableResult
    public func start() throws -> (tileFeatures: Int, seconds: Double) {
        let t0 = MonotonicClock.seconds()
        let features = try tileSources.warm(layerList: TileLayer.allLayers)
        try areaFigures.warm()
        try hazards.warm()
        let took = MonotonicClock.seconds() - t0
        try server.start()
        let missing = viewerFiles.missingVendorFiles
        if !missing.isEmpty {
            writeLog("riskmap: the viewer has no MapLibre GL JS (\(missing.map { viewerFiles.root + "/" + $0 }.joined(separator: ", ")) missing); "
                     + "run scripts/setup.sh to fetch it — until then the viewer page shows only that notice")
        }
        return (features, took)
    }
    public var port: Int { server.port }
    /// Returns once the server has shut down (after `shutdown()` or SIGTERM/SIGINT) and drained.
    public func wait() { server.wait() }
    public func shutdown() { server.shutdown() }
}
