import GeoKit
import HTTP
import Store

extension FeatureRoutes {
    /// What a shared link of the viewer carries in its query (tiles/viewer/viewer.js): the page reads them, the
    /// server only lets them through to it.
    static let viewerState = ["lang", "tz", "levels", "colours", "sector", "district", "at", "off"]

    var landingEndpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/", summary: "Landing page: JSON with links, or the map viewer for browsers (Accept: text/html, or ?f=html)",
                     tag: "Capabilities", query: ["f"] + Self.viewerState, responses: [200: "the landing page"]) { [self] request, _, _ in
                if ViewerRoutes.wantsHTML(request), var page = try? viewerFiles.response("index.html") {
                    page.headers.set("Vary", "Accept")
                    return page
                }
                var w = JSONWriter()
                w.raw("{\"title\":\"riskmap\",\"description\":\"Safety-risk one map (安全风险一张图): risk sources, risks, pipelines, crowded sites, emergency resources\",\"links\":")
                let base = baseURL(request)
                links(&w, [Link(base + "/", "self", "application/json", "This document"),
                           Link(base + "/openapi.json", "service-desc", "application/vnd.oai.openapi+json;version=3.1", "The API definition"),
                           Link(base + "/conformance", "conformance", "application/json", "Conformance classes"),
                           Link(base + "/collections", "data", "application/json", "The layers"),
                           Link(base + "/health", "status", "application/json", "Health"),
                           Link(base + "/?f=html", "alternate", "text/html", "The map viewer")])
                w.raw("}")
                var r = json(w, request)
                r.headers.set("Vary", "Accept")
                return r
            },
            Endpoint(method: .get, pattern: "/conformance", summary: "The OGC conformance classes this server implements", tag: "Capabilities",
                     query: ["f"], responses: [200: "conformance classes"]) { request, _, _ in
                var w = JSONWriter()
                w.raw("{\"conformsTo\":")
                w.strings(Self.conformance)
                w.raw("}")
                return Self.jsonResponse(w, request)
            },
        ]
    }

    static let conformance = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
        // Part 3 and CQL2: what the items' filter implements (docs/API.md), and nothing more.
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    ]
}
