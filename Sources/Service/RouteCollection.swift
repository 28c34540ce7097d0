import GeoKit
import HTTP
import Store

/// One entry of a `links` array.
struct Link {
    let href: String
    let rel: String
    let type: String
    let title: String

    init(_ href: String, _ rel: String, _ type: String, _ title: String) {
        (self.href, self.rel, self.type, self.title) = (href, rel, type, title)
    }
}

/// A group of endpoints of one area (features, edits, tiles, …) holding only the dependencies they use.
protocol RouteCollection: Sendable {
    var endpoints: [Endpoint] { get }
}

/// Route collections whose answers carry absolute links.
protocol LinkingRoutes: RouteCollection {
    var publicBase: PublicBase { get }
}

extension LinkingRoutes {
    /// The scheme and host for absolute links (see `PublicBase`).
    func baseURL(_ request: Request) -> String {
        publicBase.url(for: request)
    }
}

extension RouteCollection {
    /// An array of link objects.
    func links(_ w: inout JSONWriter, _ links: [Link]) {
        w.array(links) { w, l in
            w.raw("{\"href\":")
            w.string(l.href)
            w.raw(",\"rel\":")
            w.string(l.rel)
            w.raw(",\"type\":")
            w.string(l.type)
            w.raw(",\"title\":")
            w.string(l.title)
            w.byte(UInt8(ascii: "}"))
        }
    }

    func json(_ w: JSONWriter, _ request: Request, contentType: String = "application/json") -> Response {
        Self.jsonResponse(w, request, contentType: contentType)
    }

    /// A JSON body with a content ETag (so If-None-Match gives 304) that caches must revalidate.
    static func jsonResponse(_ w: JSONWriter, _ request: Request, contentType: String = "application/json", status: HTTPStatus = .ok) -> Response {
        var r = Response.json(w.bytes, status: status, contentType: contentType)
        r.headers.set("Cache-Control", "no-cache")
        return r.withContentETag()
    }

    /// The layer `{collectionId}` names, or 404.
    static func layer(_ request: Request) throws -> LayerSchema {
        let id = request.parameters["collectionId"] ?? ""
        guard let layer = Catalog.layer(id) else { throw StoreError.unknownLayer(id) }
        return layer
    }

    /// The layer and feature id `{collectionId}/items/{featureId}` name, or 404.
    static func feature(_ request: Request) throws -> (LayerSchema, Int64) {
        let layer = try layer(request)
        let text = request.parameters["featureId"] ?? ""
        guard let id = Int64(text), id > 0 else { throw HTTPError(.notFound, "\(layer.name) has no feature '\(text)' (ids are positive integers)") }
        return (layer, id)
    }

    /// `at=` as epoch seconds (RFC 3339), or now.
    static func instant(_ request: Request) throws -> Int64 {
        do { return try Timestamp.instant(request.query["at"]) } catch { throw HTTPError(.badRequest, "at: \(error)") }
    }
}
