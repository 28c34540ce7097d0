import GeoKit
import HTTP
import Store

extension API {
    var landingEndpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/", summary: "Landing page: JSON with links, or the map viewer for browsers (Accept: text/html, or ?f=html)",
                     tag: "Capabilities", responses: [200: "the landing page"]) { [self] request, _ in
                if Self.wantsHTML(request), var page = try? viewerFiles.response("index.html") {
                    page.headers.set("Vary", "Accept")
                    return page
                }
                var w = JSONWriter()
                w.raw("{\"title\":\"riskmap\",\"description\":\"Safety-risk one map (安全风险一张图): risk sources, risks, pipelines, crowded sites, emergency resources\",\"links\":[")
                let base = baseURL(request)
                link(&w, base + "/", "self", "application/json", "This document", first: true)
                link(&w, base + "/openapi.json", "service-desc", "application/vnd.oai.openapi+json;version=3.1", "The API definition")
                link(&w, base + "/conformance", "conformance", "application/json", "Conformance classes")
                link(&w, base + "/collections", "data", "application/json", "The layers")
                link(&w, base + "/health", "status", "application/json", "Health")
                link(&w, base + "/?f=html", "alternate", "text/html", "The map viewer")
                w.raw("]}")
                var r = json(w, request)
                r.headers.set("Vary", "Accept")
                return r
            },
            Endpoint(method: .get, pattern: "/conformance", summary: "The OGC conformance classes this server implements", tag: "Capabilities",
                     responses: [200: "conformance classes"]) { request, _ in
                var w = JSONWriter()
                w.raw("{\"conformsTo\":[")
                for (i, c) in Self.conformance.enumerated() {
                    if i > 0 { w.byte(UInt8(ascii: ",")) }
                    w.string(c)
                }
                w.raw("]}")
                return Self.jsonResponse(w, request)
            },
        ]
    }

    static let conformance = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    ]

    /// The scheme and host for absolute links (see `PublicBase`).
    func baseURL(_ request: Request) -> String {
        publicBase.url(for: request)
    }

    func link(_ w: inout JSONWriter, _ href: String, _ rel: String, _ type: String, _ title: String, first: Bool = false) {
        if !first { w.byte(UInt8(ascii: ",")) }
        w.raw("{\"href\":")
        w.string(href)
        w.raw(",\"rel\":")
        w.string(rel)
        w.raw(",\"type\":")
        w.string(type)
        w.raw(",\"title\":")
        w.string(title)
        w.byte(UInt8(ascii: "}"))
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
}
