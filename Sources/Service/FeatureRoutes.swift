import HTTP
import Store

/// OGC API – Features reads: the landing page, conformance, the collections and their items.
struct FeatureRoutes: LinkingRoutes {
    let publicBase: PublicBase
    let config: ServiceConfig
    /// `/` shows the viewer to browsers.
    let viewerFiles: ViewerFiles
    /// The layers' extents, kept by every write; /collections is kept whole per their generation.
    let extents: LayerExtents
    let answers: AnswerCache

    var endpoints: [Endpoint] { landingEndpoints + collectionEndpoints + itemEndpoints + queryableEndpoints }
}
