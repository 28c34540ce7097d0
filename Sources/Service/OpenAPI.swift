import GeoKit
import HTTP
import Store

/// The OpenAPI 3.1 document, built from the same endpoint list as the router: each operation lists its path
/// parameters and the query parameters its endpoint declares, and needs a bearer token when it does.
enum OpenAPI {
    /// `GET /openapi.json`, answering with `document`.
    static func endpoint(document: [UInt8]) -> Endpoint {
        Endpoint(method: .get, pattern: "/openapi.json", summary: "This API as an OpenAPI 3.1 document", tag: "Capabilities",
                 responses: [200: "the OpenAPI document"]) { request, _, _ in
            var r = Response.json(document, contentType: mediaType(accepting: request.headers["Accept"]))
            r.headers.set("Cache-Control", "no-cache")
            r.headers.add("Vary", "Accept")
            return r.withContentETag()
        }
    }

    static let mediaType31 = "application/vnd.oai.openapi+json;version=3.1"

    /// The document's media type for a client: OpenAPI 3.1's own unless the client asks for the OpenAPI
    /// media type of another version only (GDAL asks for version=3.0 or application/json, and refuses an
    /// answer typed 3.1), in which case plain JSON, which the document is.
    static func mediaType(accepting accept: String?) -> String {
        guard let accept = accept?.lowercased(), accept.contains("application/vnd.oai.openapi+json") else { return mediaType31 }
        let offers = accept.split(separator: ",").map { $0.replacingOccurrences(of: " ", with: "") }
        let openAPI = offers.filter { $0.hasPrefix("application/vnd.oai.openapi+json") }
        if openAPI.contains(where: { !$0.contains("version=") || $0.contains("version=3.1") }) { return mediaType31 }
        return "application/json"
    }

    /// `layers` with their vocabularies as the database had them when the server started: the document is made
    /// once, so a code added while it runs shows in /queryables and /collections at once, here after a restart.
    static func document(_ endpoints: [Endpoint], layers: [LayerSchema] = Catalog.layers) -> [UInt8] {
        var w = JSONWriter(capacity: 32 * 1024)
        w.raw("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"riskmap\",\"version\":\"0.1\",\"description\":")
        w.string("The safety-risk one map (安全风险一张图): OGC API – Features over every layer, with audited writes. Errors are RFC 9457 problem+json.")
        w.raw("},\"paths\":")
        let byPath = Dictionary(grouping: endpoints, by: \.openAPIPath)
        w.byte(UInt8(ascii: "{"))
        w.commaSeparated(byPath.keys.sorted()) { w, path in
            w.key(path)
            w.object(byPath[path]!) { w, e in operation(e, into: &w) }
        }
        if endpoints.contains(where: { $0.openAPIPath == "/collections/{collectionId}/items" }) {
            for layer in layers {
                w.byte(UInt8(ascii: ","))
                collectionPaths(layer, into: &w)
            }
        }
        w.byte(UInt8(ascii: "}"))
        w.raw(",\"components\":{\"securitySchemes\":{\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\"}},")
        w.raw("\"schemas\":{\"Problem\":{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\"},\"title\":{\"type\":\"string\"},")
        w.raw("\"status\":{\"type\":\"integer\"},\"detail\":{\"type\":\"string\"}}}")
        for layer in layers {
            w.byte(UInt8(ascii: ","))
            w.key(layer.name)
            featureSchema(layer, into: &w)
        }
        w.raw("},\"parameters\":")
        w.object(parameters) { w, p in
            let (name, schema, description) = p
            w.key(name)
            w.raw("{\"name\":")
            w.string(name)
            w.raw(",\"in\":\"query\",\"required\":false,\"schema\":")
            w.rawString(schema)
            w.raw(",\"description\":")
            w.string(description)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("}}")
        return w.bytes
    }

    /// A layer's own items paths, as GIS clients read them (GDAL takes the query parameters of
    /// `/collections/{name}/items` as the properties it may filter on, and `filter-lang`'s enum as the filter
    /// languages): every items parameter, each property as an equality filter, and the features' schema.
    private static func collectionPaths(_ layer: LayerSchema, into w: inout JSONWriter) {
        let items = "/collections/\(layer.name)/items"
        let name = layer.name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        w.key(items)
        w.raw("{\"get\":{\"summary\":")
        w.string("\(layer.title) (\(layer.titleZh)) as GeoJSON")
        w.raw(",\"tags\":[\"Data\"],\"operationId\":")
        w.string("get\(name)Items")
        w.raw(",\"parameters\":[")
        w.commaSeparated(FeatureRoutes.itemsQuery) { w, p in
            w.raw("{\"$ref\":\"#/components/parameters/")
            w.rawString(p)
            w.raw("\"}")
        }
        for f in layer.fields {
            w.raw(",{\"name\":")
            w.string(f.name)
            w.raw(",\"in\":\"query\",\"required\":false,\"style\":\"form\",\"explode\":false,\"description\":")
            w.string("features whose \(f.name) is one of these values (comma-separated)")
            w.raw(",\"schema\":")
            FeatureRoutes.propertySchema(f, into: &w)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("],\"responses\":{\"200\":{\"description\":\"the features\",\"content\":{\"application/geo+json\":{\"schema\":")
        w.raw("{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\",\"enum\":[\"FeatureCollection\"]},\"features\":{\"type\":\"array\",\"items\":")
        w.rawString("{\"$ref\":\"#/components/schemas/\(layer.name)\"}},\"numberMatched\":{\"type\":\"integer\"},\"numberReturned\":{\"type\":\"integer\"}}}}}},")
        w.raw("\"400\":{\"description\":\"a parameter or the filter is wrong\",\"content\":{\"application/problem+json\":{\"schema\":{\"$ref\":\"#/components/schemas/Problem\"}}}}}}}")
        w.byte(UInt8(ascii: ","))
        w.key(items + "/{featureId}")
        w.raw("{\"get\":{\"summary\":")
        w.string("One feature of \(layer.title)")
        w.raw(",\"tags\":[\"Data\"],\"operationId\":")
        w.string("get\(name)Item")
        w.raw(",\"parameters\":[{\"name\":\"featureId\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"integer\"}},{\"$ref\":\"#/components/parameters/f\"}],")
        w.rawString("\"responses\":{\"200\":{\"description\":\"the feature\",\"content\":{\"application/geo+json\":{\"schema\":{\"$ref\":\"#/components/schemas/\(layer.name)\"}}}},")
        w.raw("\"404\":{\"description\":\"no such feature\",\"content\":{\"application/problem+json\":{\"schema\":{\"$ref\":\"#/components/schemas/Problem\"}}}}}}}")
    }

    /// A layer's feature as a schema: a GeoJSON Feature with its geometry types and typed properties.
    private static func featureSchema(_ layer: LayerSchema, into w: inout JSONWriter) {
        w.raw("{\"type\":\"object\",\"title\":")
        w.string(layer.title)
        w.raw(",\"required\":[\"type\",\"geometry\",\"properties\"],\"properties\":{\"type\":{\"type\":\"string\",\"enum\":[\"Feature\"]},\"id\":{\"type\":\"integer\"},\"geometry\":")
        FeatureRoutes.geometrySchema(layer, role: false, into: &w)
        w.raw(",\"properties\":{\"type\":\"object\",\"properties\":")
        w.object(layer.fields) { w, f in
            w.key(f.name)
            FeatureRoutes.propertySchema(f, into: &w)
        }
        w.raw("}}}")
    }

    private static func operation(_ e: Endpoint, into w: inout JSONWriter) {
        w.key(e.method.rawValue.lowercased())
        w.raw("{\"summary\":")
        w.string(e.summary)
        w.raw(",\"tags\":")
        w.strings([e.tag])
        w.raw(",\"operationId\":")
        w.string(e.method.rawValue.lowercased() + e.openAPIPath.split(separator: "/").map { $0.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "") }
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined().replacingOccurrences(of: ".", with: ""))
        w.raw(",\"parameters\":[")
        let pathParameters = e.openAPIPath.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
        w.commaSeparated(pathParameters) { w, name in
            w.raw("{\"name\":")
            w.string(name)
            w.raw(",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}")
        }
        if !pathParameters.isEmpty && !e.query.isEmpty { w.byte(UInt8(ascii: ",")) }
        w.commaSeparated(e.query) { w, name in
            w.raw("{\"$ref\":\"#/components/parameters/")
            w.rawString(name)
            w.raw("\"}")
        }
        w.raw("]")
        if e.access == .write || e.access == .admin || e.access == .anyToken { w.raw(",\"security\":[{\"bearer\":[]}]") }
        if let body = e.body {
            w.raw(",\"requestBody\":{\"required\":true,\"content\":{")
            w.key(body)
            w.raw("{\"schema\":{\"type\":\"object\"}}}}")
        }
        w.raw(",\"responses\":")
        w.object(e.responses.sorted(by: { $0.key < $1.key })) { w, response in
            w.key(String(response.key))
            w.raw("{\"description\":")
            w.string(response.value)
            if response.key >= 400 { w.raw(",\"content\":{\"application/problem+json\":{\"schema\":{\"$ref\":\"#/components/schemas/Problem\"}}}") }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("}")
    }

    /// Every query parameter an endpoint may declare: name, JSON schema, description.
    static let parameters: [(String, String, String)] = [
        ("bbox", #"{"type":"string"}"#, "minLon,minLat,maxLon,maxLat in CRS84"),
        ("bbox-crs", #"{"type":"string"}"#, "only CRS84 is supported"),
        ("limit", #"{"type":"integer","minimum":1,"maximum":10000,"default":100}"#, "features per page (default 100, at most maxLimit, 10,000 unless configured); for /grid/hotspots, hot spots to list (1–100, default 10)"),
        ("filter", #"{"type":"string"}"#, "a CQL2 text filter (OGC API – Features Part 3): comparisons, AND/OR/NOT, LIKE, ILIKE, IN, BETWEEN, IS NULL, S_INTERSECTS with BBOX(…) or WKT; names from /collections/{collectionId}/queryables"),
        ("filter-lang", #"{"type":"string","enum":["cql2-text","cql-text"],"default":"cql2-text"}"#, "the filter's language: cql2-text (cql-text, the draft's name, is taken as the same)"),
        ("filter-crs", #"{"type":"string","enum":["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]}"#, "the CRS of the filter's geometries: CRS84 only"),
        ("offset", #"{"type":"integer","minimum":0}"#, "features to skip"),
        ("datetime", #"{"type":"string"}"#, "an RFC 3339 instant or interval start/end (.. for open); applies to layers with valid_from/valid_to"),
        ("sortby", #"{"type":"string"}"#, "comma-separated properties, - for descending (e.g. -capacity,name)"),
        ("properties", #"{"type":"string"}"#, "comma-separated properties to return"),
        ("q", #"{"type":"string"}"#, "free text (OGC API – Records): comma-separated terms, any of which occurs in the name (or, for risk sources, the credit code)"),
        ("f", #"{"type":"string"}"#, "the answer's format: json (geojson for features); on / also html, the map viewer"),
        ("cell", #"{"type":"number"}"#, "grid cell size in metres (100, 200, 400, …): picks the pyramid level"),
        ("level", #"{"type":"string"}"#, "grid pyramid level (0 = base cells), or for /areas the area level (district, town, park, city), or for /alerts the risk levels, comma-separated"),
        ("zoom", #"{"type":"integer"}"#, "a web-map zoom: picks the grid level that suits it"),
        ("at", #"{"type":"string","format":"date-time"}"#, "the instant the grid is computed for, time-windowed features (reports, temporary risks and sites) drawn for, and a route's temporary hazards taken at (default now)"),
        ("lon", #"{"type":"number"}"#, "longitude (EPSG:4326)"),
        ("lat", #"{"type":"number"}"#, "latitude (EPSG:4326)"),
        ("area", #"{"type":"string"}"#, "an area's id (/areas): hot spots whose peak lies in it; for /alerts an area's name"),
        ("status", #"{"type":"string","enum":["open","all"]}"#, "alerts not yet acknowledged (open) or all (default)"),
        ("since", #"{"type":"string","format":"date-time"}"#, "alerts raised at or after this time (default 24 hours ago)"),
        ("after", #"{"type":"integer","minimum":0}"#, "alerts with a larger id than this"),
        ("period", #"{"type":"string"}"#, "the year inspection plans are drafted for (/plans/draft); the period of the stored plans listed (/plans: 2027, 2027-Q1 or 2027-03)"),
        ("source", #"{"type":"integer","minimum":1}"#, "a risk source's fid: the enterprise whose threat zones are asked"),
        ("lang", #"{"type":"string","enum":["zh","en"]}"#, "the viewer's language (/ for browsers; default zh)"),
        ("tz", #"{"type":"string"}"#, "the viewer's time zone for times shown (/ for browsers; default Asia/Shanghai)"),
        ("colours", #"{"type":"string"}"#, "the viewer's enterprise colours shown, comma-separated (/ for browsers)"),
        ("sector", #"{"type":"string"}"#, "the viewer's sector filter (/ for browsers)"),
        ("district", #"{"type":"string"}"#, "the viewer's district filter: an area id (/ for browsers)"),
        ("off", #"{"type":"string"}"#, "the viewer's layer groups switched off, comma-separated (/ for browsers)"),
        ("window", #"{"type":"integer","minimum":0,"maximum":366,"default":30}"#, "joint inspections: visits to one enterprise within this many days of the first are joined"),
        ("encoding", #"{"type":"string","enum":["utf-8","gb18030"]}"#, "CSV's text encoding (gb18030 for spreadsheets on Chinese Windows)"),
        ("year", #"{"type":"integer"}"#, "the year of a safety score (default this year)"),
        ("grade", #"{"type":"integer","minimum":1,"maximum":3}"#, "pipeline high-consequence areas: the least grade listed (1 Ⅰ … 3 Ⅲ)"),
        ("start", #"{"type":"string","pattern":"^[0-9]+\\.[0-2]$"}"#, "threat-zone rings: where a page begins (fid.ring), as the previous page's next link gives it"),
        ("enterprises", #"{"type":"boolean"}"#, "coverage: also list every enterprise with the fire station that reaches it first"),
        ("layer", #"{"type":"string"}"#, "the layer (collection) to import into"),
        ("format", #"{"type":"string","enum":["csv","geojson"]}"#, "the file's format (default: from the mapping or the Content-Type)"),
        ("mapping", #"{"type":"string"}"#, "the name of a mapping shipped with the server"),
        ("crs", #"{"type":"string"}"#, "the file's coordinates: GCJ-02 or an EPSG code (default CRS84)"),
        ("mode", #"{"type":"string","enum":["append","replace","upsert"]}"#, "how the rows meet the layer's features (default append)"),
        ("key", #"{"type":"string"}"#, "the field that identifies a feature, for mode upsert"),
        ("skip_invalid", #"{"type":"boolean"}"#, "import the valid rows when some are invalid"),
        ("link", #"{"type":"string"}"#, "references resolved by a key: FIELD=KEY, comma-separated (source_id=credit_code: the file's source_id holds the enterprise's credit code)"),
        ("from", #"{"type":"string"}"#, "the route's start as lon,lat; for /isochrone also fire_stations (every fire station at once); for /plans/collisions the first date (YYYY-MM-DD)"),
        ("minutes", #"{"type":"string"}"#, "isochrone times in minutes, comma-separated (default 5; at most 10 times, each at most 60)"),
        ("via", #"{"type":"string"}"#, "points the route passes through in order, as lon,lat;lon,lat (at most 23)"),
        ("to", #"{"type":"string"}"#, "the route's end as lon,lat; for /plans/collisions the last date (YYYY-MM-DD)"),
        ("avoid", #"{"type":"string"}"#, "risk levels whose zones the route avoids, comma-separated (major,significant,general,low or none)"),
        ("avoid_mode", #"{"type":"string","enum":["penalty","ban"]}"#, "avoided zones cost more to cross (penalty, default) or are closed (ban)"),
        ("preference", #"{"type":"string","enum":["fastest","shortest"]}"#, "what the route minimises (default fastest)"),
        ("hazmat", #"{"type":"boolean"}"#, "a hazardous-goods vehicle: roads closed to them are not used and crowded sites are avoided (200 m)"),
        ("radius", #"{"type":"number","minimum":0,"maximum":50000}"#, "search radius in metres (default 1000, at most 50000)"),
        ("layers", #"{"type":"string"}"#, "comma-separated layers to search: risk_sources, risks, pipelines, reports, sites, resources (default the first five)"),
        ("levels", #"{"type":"string"}"#, "comma-separated risk levels to keep (major, significant, general, low); items without a level are then left out"),
        ("coords", #"{"type":"string"}"#, "OGC API – EDR: WKT POINT(lon lat) for radius, POLYGON((…)) for area; at most 1000 vertices"),
        ("within", #"{"type":"number","minimum":0}"#, "OGC API – EDR: the radius, in within-units (at most 50 km)"),
        ("within-units", #"{"type":"string","enum":["m","km"]}"#, "OGC API – EDR: the unit of within"),
    ]
}
