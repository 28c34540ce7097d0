import HTTP

/// One route of the API with what /openapi.json says about it. The router and the OpenAPI document are both
/// built from the same list, so neither can miss a route.
struct Endpoint {
    let method: HTTPMethod
    let pattern: String
    let summary: String
    let tag: String
    /// Query parameters, as OpenAPI parameter objects' names (see OpenAPI.parameters).
    var query: [String] = []
    /// A write: needs a bearer token.
    var secured = false
    /// Answers without a token even when reads need one (`anonymousReads: false`): /health only.
    var open = false
    /// The request body's media type, for writes.
    var body: String? = nil
    /// Response status → description.
    let responses: [Int: String]
    var handler: Handler<Worker>

    /// The pattern as an OpenAPI path: a trailing `*` (the rest of the path) becomes a `{path}` parameter.
    var openAPIPath: String { pattern.hasSuffix("/*") ? String(pattern.dropLast()) + "{path}" : pattern }
}
