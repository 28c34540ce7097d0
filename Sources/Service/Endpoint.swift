import HTTP

/// What an endpoint's handler runs with: the request, the caller the access check found, the worker.
typealias EndpointHandler = @Sendable (Request, Caller, inout Worker) throws -> Response

/// One route of the API with what /openapi.json says about it. The router, the head check (`Routes.admit`)
/// and the OpenAPI document are all built from the same list, so none can miss a route; the access level and
/// the query parameters are declared here once and enforced by `Gate`, never by the handler.
struct Endpoint {
    let method: HTTPMethod
    let pattern: String
    let summary: String
    let tag: String
    /// The query parameters it takes, as OpenAPI parameter objects' names (see OpenAPI.parameters); any
    /// other is a 400 that lists these.
    var query: [String] = []
    /// Also takes any property of the layer named by `{collectionId}` as a filter (`?level=major`).
    var propertyFilters = false
    var access: Access = .read
    /// The request body's media type, for writes.
    var body: String? = nil
    /// Response status → description.
    let responses: [Int: String]
    var handler: EndpointHandler
    /// An answer from memory the I/O thread may give before the request waits for a worker (a cached tile);
    /// nil from it, or none declared, runs `handler` on a worker. It must be quick and never block: no database.
    /// It runs only for a caller `access` admits and a request with no query parameters.
    var fromMemory: (@Sendable (Request) -> Response?)? = nil

    /// The pattern as an OpenAPI path: a trailing `*` (the rest of the path) becomes a `{path}` parameter.
    var openAPIPath: String { pattern.hasSuffix("/*") ? String(pattern.dropLast()) + "{path}" : pattern }
}
