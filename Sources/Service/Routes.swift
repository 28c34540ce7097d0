import Alerts
import Analysis
import Foundation
import GeoKit
import Glyphs
import HTTP
import Inspections
import RiskGrid
import RoadNetwork
import Store
import Tiles

/// The riskmap HTTP API, assembled: the shared pieces (auth, tile cache and sources, public base) are made
/// here once and each route collection gets only what it uses. Handlers run on the server's workers, each
/// with its own `Worker` (a read-only connection); writes go through the store's single writer.
struct Routes: Sendable {
    let gate: Gate
    let tileSources: TileSources
    let areaFigures: AreaFigures
    let hazards: HazardIndex
    let coldRenders: ColdRenders
    /// Road searches run at once (routes, isochrones, coverage).
    let searches: RoutingSlots
    let viewerFiles: ViewerFiles
    let endpoints: [Endpoint]
    /// Each route's access by the router's index, for the head check.
    let accessByRoute: [Access]
    /// Each route's answer from memory, if it has one, by the router's index (`answerFromMemory`).
    let fromMemoryByRoute: [(@Sendable (Request) -> Response?)?]
    /// No GET or HEAD endpoint asks anything of its caller (anonymous reads on, none declared stronger than
    /// `.read`): the head check then lets those through without matching a route.
    let readsAreFree: Bool

    init(store: Store, config: ServiceConfig, metrics: Metrics) throws {
        let auth = Authenticator(tokens: try TokenTable(store: store), failures: AuthFailures(limit: config.authFailuresPerMinute),
                                 anonymousReads: config.anonymousReads)
        let errors = ErrorCounters()
        gate = Gate(auth: auth, errors: errors)
        let publicBase = PublicBase(config: config)
        let tiles = TileCache(capacityBytes: config.tileCacheMB << 20)
        tileSources = TileSources(store: store)
        coldRenders = ColdRenders(limit: config.tileRenders, timeoutSeconds: config.tileRenderTimeoutSeconds)
        viewerFiles = ViewerFiles(root: config.tilesDirectory + "/viewer")
        store.observeTiles(cache: tiles, sources: tileSources)
        areaFigures = AreaFigures(store: store)
        store.follow(areaFigures)
        let extents = LayerExtents(store: store)
        store.follow(extents)
        let answers = AnswerCache()
        let roads = RoadNetwork(store: store)
        store.follow(roads)
        searches = RoutingSlots(limit: config.workers - 1)
        let keptCoverage = KeptCoverage(store: store)
        store.follow(keptCoverage)
        hazards = HazardIndex(store: store, model: { db in (try? GridStore.meta(db)?.config) ?? .standard })
        store.follow(hazards)
        let scoreRules = try config.scoreRules.map { try ScoreRules.load(path: $0) } ?? .standard
        let alertRules = try config.alertRules.map { try AlertRules.load(path: $0) } ?? .standard
        store.observe(AlertObserver(rules: alertRules))
        let alertHub = AlertHub(lastID: (try? store.withWriterConnection { try $0.lastAlertID() }) ?? 0)
        store.follow(alertHub)
        AlertCatchUp.start(hub: alertHub, store: store)
        var glyphs = GlyphRanges.installed()
        if let path = config.fontFile { glyphs = try GlyphRanges(path: path) }
        let basemapTiles = try BasemapRoutes.open(config.basemap)
        if glyphs == nil { writeLog("labels: no font found (\(GlyphRanges.candidates.joined(separator: ", "))); the map is served without labels: install fonts-wqy-microhei or set fontFile") }
        let collections: [any RouteCollection] = [
            FeatureRoutes(publicBase: publicBase, config: config, viewerFiles: viewerFiles, extents: extents, answers: answers),
            EditRoutes(store: store, publicBase: publicBase),
            ImportRoutes(store: store, mappingsDirectory: config.mappingsDirectory),
            TileRoutes(tiles: tiles, tileSources: tileSources, coldRenders: coldRenders,
                       externalWrites: ExternalWrites(store: store, cache: tiles, sources: tileSources), publicBase: publicBase,
                       styleTemplate: Self.styleTemplate(config, labels: glyphs != nil, basemapFormat: basemapTiles?.format)),
            GridRoutes(figures: areaFigures, answers: answers),
            AnalysisRoutes(index: hazards),
            HCARoutes(index: hazards),
            ThreatZoneRoutes(index: hazards),
            ComputedCollectionRoutes(publicBase: publicBase, config: config, index: hazards, extents: extents),
            AnalysisTileRoutes(index: hazards),
            ProcessRoutes(index: hazards, publicBase: publicBase),
            OpsRoutes(store: store, metrics: metrics, errors: errors, tiles: tiles, tileSources: tileSources, coldRenders: coldRenders,
                      workers: config.workers),
            ViewerRoutes(viewerFiles: viewerFiles),
            RouteRoutes(network: roads, slots: searches),
            CoverageRoutes(network: roads, slots: searches),
            CoverageTileRoutes(network: roads, kept: keptCoverage, slots: searches),
            AlertRoutes(store: store, hub: alertHub, rules: alertRules),
            ScoreRoutes(store: store, scores: SafetyScores(rules: scoreRules)),
            PlanRoutes(drafter: PlanDrafter(scores: scoreRules)),
            FontRoutes(glyphs: glyphs),
            BasemapRoutes(tiles: basemapTiles),
            InspectionPlanRoutes(store: store, results: VisitResults(scores: SafetyScores(rules: scoreRules))),
        ]
        let served = collections.flatMap(\.endpoints)
        // The document describes itself too; what it says of /openapi.json does not depend on its bytes.
        let document = OpenAPI.document(served + [OpenAPI.endpoint(document: [])], layers: try store.vocabularies().layers)
        endpoints = served + [OpenAPI.endpoint(document: document)]
        // The router numbers its routes in the order `router()` adds the endpoints: these arrays follow it.
        accessByRoute = endpoints.map(\.access)
        fromMemoryByRoute = endpoints.map(\.fromMemory)
        readsAreFree = config.anonymousReads
            && endpoints.filter { $0.method == .get || $0.method == .head }.allSatisfy { $0.access == .open || $0.access == .read }
    }

    func router() throws -> Router<Worker> {
        var b = RouterBuilder<Worker>()
        for e in endpoints { b.add(e.method, e.pattern, gate.wrap(e)) }
        return try b.build()
    }

    /// tiles/style.json as served: without labels when there is no font, with the basemap when one is configured.
    static func styleTemplate(_ config: ServiceConfig, labels: Bool, basemapFormat: String?) -> String? {
        guard var style = try? String(contentsOfFile: config.tilesDirectory + "/style.json", encoding: .utf8) else { return nil }
        if !labels { style = withoutLabels(style) }
        if let basemap = config.basemap { style = BasemapRoutes.style(style, basemap, format: basemapFormat) }
        return style
    }

    /// The style without its label layers and glyphs URL, for a server with no font: MapLibre would otherwise
    /// fail on every label it cannot draw.
    static func withoutLabels(_ style: String) -> String {
        guard case .object(var root)? = try? JSONParser.parse(style), case .array(let layers)? = root["layers"] else { return style }
        root["layers"] = .array(layers.filter { $0["type"] != "symbol" })
        root["glyphs"] = nil
        var w = JSONWriter()
        w.json(.object(root))
        return w.string
    }
}
