import HTTP

/// OGC API – Features reads: the landing page, conformance, the collections and their items.
struct FeatureRoutes: LinkingRoutes {
    let publicBase: PublicBase
    let config: ServiceConfig
    /// `/` shows the viewer to browsers.
    let viewerFiles: ViewerFiles

    var endpoints: [Endpoint] { landingEndpoints + collectionEndpoints + itemEndpoints }
}
