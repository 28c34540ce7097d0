import GeoKit
import HTTP
import Store

extension FeatureRoutes {
    /// The query parameters of an items request besides the layer's own properties.
    static let itemsQuery = ["bbox", "bbox-crs", "limit", "offset", "datetime", "q", "sortby", "properties", "filter", "filter-lang", "filter-crs", "f"]

    var itemEndpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/collections/{collectionId}/items",
                     summary: "A layer's features as GeoJSON: bbox, datetime, free text (q), property filters (?level=major,significant), a CQL2 filter (filter, filter-lang=cql2-text), sortby, properties, paging",
                     tag: "Data", query: Self.itemsQuery, propertyFilters: true,
                     responses: [200: "a GeoJSON FeatureCollection", 400: "a parameter is wrong", 404: "no such collection"]) { [self] request, _, worker in
                let layer = try worker.reader.vocabularies().layer(Self.layer(request))
                let query = try ItemsParameters.parse(request.query, layer: layer, config: config)
                var w = JSONWriter(capacity: 64 * 1024)
                w.raw("{\"type\":\"FeatureCollection\",\"features\":[")
                let result = try worker.reader.snapshot { r in try r.writeItems(layer, query: query, into: &w) }
                w.raw("],\"numberMatched\":")
                w.number(Int64(result.matched))
                w.raw(",\"numberReturned\":")
                w.number(Int64(result.returned))
                w.raw(",\"links\":")
                let base = baseURL(request) + "/collections/\(layer.name)/items"
                var pages = [Link(base + Self.queryString(request.query, offset: nil), "self", "application/geo+json", "this page"),
                             Link(baseURL(request) + "/collections/\(layer.name)", "collection", "application/json", layer.title)]
                if query.offset + result.returned < result.matched {
                    pages.append(Link(base + Self.queryString(request.query, offset: query.offset + query.limit), "next", "application/geo+json", "next page"))
                }
                if query.offset > 0 {
                    pages.append(Link(base + Self.queryString(request.query, offset: max(0, query.offset - query.limit)), "prev", "application/geo+json", "previous page"))
                }
                links(&w, pages)
                w.raw("}")
                return json(w, request, contentType: "application/geo+json")
            },
            Endpoint(method: .get, pattern: "/collections/{collectionId}/items/{featureId}", summary: "One feature as GeoJSON", tag: "Data",
                     query: ["f"], responses: [200: "a GeoJSON Feature", 404: "no such feature"]) { [self] request, _, worker in
                let (layer, id) = try Self.feature(request)
                var w = JSONWriter()
                let found = try worker.reader.snapshot { r in try r.writeFeature(id, in: layer, into: &w) }
                guard found else { throw StoreError.notFound(layer: layer.name, id: id) }
                w.raw(",\"links\":")
                let href = baseURL(request) + "/collections/\(layer.name)"
                links(&w, [Link(href + "/items/\(id)", "self", "application/geo+json", "this feature"), Link(href, "collection", "application/json", layer.title)])
                w.raw("}")
                return json(w, request, contentType: "application/geo+json")
            },
        ]
    }

    /// The request's query string with `offset` replaced (for next/prev links), percent-encoded again.
    static func queryString(_ query: QueryParameters, offset: Int?) -> String {
        queryString(query, setting: "offset", to: offset.map(String.init))
    }

    /// The request's query string with parameter `name` set to `value` (left out when nil), percent-encoded again.
    static func queryString(_ query: QueryParameters, setting name: String, to value: String?) -> String {
        var pairs = query.pairs.filter { $0.name != name }
        if let value { pairs.append((name, value)) }
        guard !pairs.isEmpty else { return "" }
        return "?" + pairs.map { percentEncode($0.name) + "=" + percentEncode($0.value) }.joined(separator: "&")
    }

    static func percentEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ","), UInt8(ascii: ":"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPad2
            }
        }
        return out
    }

}

extension String {
    var leftPad2: String { count >= 2 ? self : "0" + self }
}
