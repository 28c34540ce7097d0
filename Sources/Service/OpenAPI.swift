import GeoKit
import HTTP
import Store

extension API {
    /// The OpenAPI 3.1 document, built from the same endpoint list as the router.
    func openAPIDocument() -> [UInt8] {
        var w = JSONWriter(capacity: 32 * 1024)
        w.raw("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"riskmap\",\"version\":\"0.1\",\"description\":")
        w.string("The safety-risk one map (安全风险一张图): OGC API – Features over every layer, with audited writes. Errors are RFC 9457 problem+json.")
        w.raw("},\"paths\":{")
        let byPath = Dictionary(grouping: endpoints, by: \.openAPIPath)
        for (i, path) in byPath.keys.sorted().enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.key(path)
            w.byte(UInt8(ascii: "{"))
            for (j, e) in byPath[path]!.enumerated() {
                if j > 0 { w.byte(UInt8(ascii: ",")) }
                operation(e, into: &w)
            }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("},\"components\":{\"securitySchemes\":{\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\"}},")
        w.raw("\"schemas\":{\"Problem\":{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\"},\"title\":{\"type\":\"string\"},")
        w.raw("\"status\":{\"type\":\"integer\"},\"detail\":{\"type\":\"string\"}}}},\"parameters\":{")
        for (i, (name, schema, description)) in Self.queryParameters.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.key(name)
            w.raw("{\"name\":")
            w.string(name)
            w.raw(",\"in\":\"query\",\"required\":false,\"schema\":")
            w.rawString(schema)
            w.raw(",\"description\":")
            w.string(description)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("}}}")
        return w.bytes
    }

    private func operation(_ e: Endpoint, into w: inout JSONWriter) {
        w.key(e.method.rawValue.lowercased())
        w.raw("{\"summary\":")
        w.string(e.summary)
        w.raw(",\"tags\":[")
        w.string(e.tag)
        w.raw("],\"operationId\":")
        w.string(e.method.rawValue.lowercased() + e.openAPIPath.split(separator: "/").map { $0.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "") }
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined().replacingOccurrences(of: ".", with: ""))
        w.raw(",\"parameters\":[")
        var first = true
        for segment in e.openAPIPath.split(separator: "/") where segment.hasPrefix("{") {
            if !first { w.byte(UInt8(ascii: ",")) }
            first = false
            w.raw("{\"name\":")
            w.string(String(segment.dropFirst().dropLast()))
            w.raw(",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}")
        }
        for name in e.query {
            if !first { w.byte(UInt8(ascii: ",")) }
            first = false
            w.raw("{\"$ref\":\"#/components/parameters/")
            w.rawString(name)
            w.raw("\"}")
        }
        w.raw("]")
        if e.secured { w.raw(",\"security\":[{\"bearer\":[]}]") }
        if let body = e.body {
            w.raw(",\"requestBody\":{\"required\":true,\"content\":{")
            w.key(body)
            w.raw("{\"schema\":{\"type\":\"object\"}}}}")
        }
        w.raw(",\"responses\":{")
        for (i, (status, description)) in e.responses.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.key(String(status))
            w.raw("{\"description\":")
            w.string(description)
            if status >= 400 { w.raw(",\"content\":{\"application/problem+json\":{\"schema\":{\"$ref\":\"#/components/schemas/Problem\"}}}") }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("}}")
    }

    static let queryParameters: [(String, String, String)] = [
        ("bbox", #"{"type":"string"}"#, "minLon,minLat,maxLon,maxLat in CRS84"),
        ("bbox-crs", #"{"type":"string"}"#, "only CRS84 is supported"),
        ("limit", #"{"type":"integer","minimum":1}"#, "features per page (default 100)"),
        ("offset", #"{"type":"integer","minimum":0}"#, "features to skip"),
        ("datetime", #"{"type":"string"}"#, "an RFC 3339 instant or interval start/end (.. for open); applies to layers with valid_from/valid_to"),
        ("sortby", #"{"type":"string"}"#, "comma-separated properties, - for descending (e.g. -capacity,name)"),
        ("properties", #"{"type":"string"}"#, "comma-separated properties to return"),
        ("q", #"{"type":"string"}"#, "free text (OGC API – Records): comma-separated terms, any of which occurs in the name (or, for risk sources, the credit code)"),
        ("cell", #"{"type":"number"}"#, "grid cell size in metres (100, 200, 400, …): picks the pyramid level"),
        ("level", #"{"type":"string"}"#, "grid pyramid level (0 = base cells), or for /areas the area level (district, town, park, city)"),
        ("zoom", #"{"type":"integer"}"#, "a web-map zoom: picks the grid level that suits it"),
        ("at", #"{"type":"string","format":"date-time"}"#, "the instant the grid is computed for, and time-windowed features (reports, temporary risks and sites) drawn for (default now)"),
        ("lon", #"{"type":"number"}"#, "longitude (EPSG:4326)"),
        ("lat", #"{"type":"number"}"#, "latitude (EPSG:4326)"),
    ]
}
