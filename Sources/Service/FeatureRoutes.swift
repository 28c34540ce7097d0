import HTTP
import RiskGrid

/// OGC API – Features reads: the landing page, conformance, the collections and their items.
struct FeatureRoutes: LinkingRoutes {
    let publicBase: PublicBase
    let config: ServiceConfig
    /// `/` shows the viewer to browsers.
    let viewerFiles: ViewerFiles
    /// Its generation moves with every write (this process's or another's): /collections is kept per generation.
    let figures: AreaFigures
    let answers: AnswerCache

    var endpoints: [Endpoint] { landingEndpoints + collectionEndpoints + itemEndpoints }
}
