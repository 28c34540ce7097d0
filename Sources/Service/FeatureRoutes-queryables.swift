import GeoKit
import HTTP
import Store

/// What a GIS client learns of a layer's features before reading them: the queryables a filter may name (OGC API
/// – Features Part 3) and the features' JSON Schema (the collection's `describedby`, from which GDAL takes the
/// fields' types), both JSON Schema 2020-12 (`application/schema+json`).
extension FeatureRoutes {
    var queryableEndpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/collections/{collectionId}/queryables",
                     summary: "What the items' filter and property parameters may name: each property with its type, enumeration and title, the geometry and the id (JSON Schema)",
                     tag: "Data", query: ["f"], responses: [200: "a JSON Schema (application/schema+json)", 404: "no such collection"]) { [self] request, _, worker in
                let layer = try worker.reader.vocabularies().layer(Self.layer(request))
                var w = JSONWriter()
                w.raw("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$id\":")
                w.string(baseURL(request) + "/collections/\(layer.name)/queryables")
                w.raw(",\"type\":\"object\",\"title\":")
                w.string(layer.title)
                w.raw(",\"properties\":{\"geometry\":")
                Self.geometrySchema(layer, role: true, into: &w)
                w.raw(",\"id\":{\"type\":\"integer\",\"title\":\"Feature id\",\"x-ogc-role\":\"id\"}")
                for f in layer.fields {
                    w.byte(UInt8(ascii: ","))
                    w.key(f.name)
                    Self.propertySchema(f, into: &w)
                }
                w.raw("},\"additionalProperties\":false}")
                return json(w, request, contentType: "application/schema+json")
            },
            Endpoint(method: .get, pattern: "/collections/{collectionId}/schema",
                     summary: "The layer's features as a JSON Schema of a GeoJSON Feature: geometry types, each property's type, enumeration and title",
                     tag: "Data", query: ["f"], responses: [200: "a JSON Schema (application/schema+json)", 404: "no such collection"]) { [self] request, _, worker in
                let layer = try worker.reader.vocabularies().layer(Self.layer(request))
                var w = JSONWriter()
                w.raw("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$id\":")
                w.string(baseURL(request) + "/collections/\(layer.name)/schema")
                w.raw(",\"title\":")
                w.string(layer.title)
                w.raw(",\"type\":\"object\",\"required\":[\"type\",\"geometry\",\"properties\"],\"properties\":{")
                w.raw("\"type\":{\"type\":\"string\",\"enum\":[\"Feature\"]},\"id\":{\"type\":\"integer\",\"x-ogc-role\":\"id\"},\"geometry\":")
                Self.geometrySchema(layer, role: false, into: &w)
                w.raw(",\"properties\":{\"type\":\"object\",\"properties\":")
                w.object(layer.fields) { w, f in
                    w.key(f.name)
                    Self.propertySchema(f, into: &w)
                }
                w.raw("}}}")
                return json(w, request, contentType: "application/schema+json")
            },
        ]
    }

    /// The geometry's schema: its GeoJSON type (one, or oneOf the layer's kinds), in Part 3's formats.
    static func geometrySchema(_ layer: LayerSchema, role: Bool, into w: inout JSONWriter) {
        let formats = layer.geometryKinds.map { "geometry-" + $0.name.lowercased() }
        w.raw("{")
        if role { w.raw("\"x-ogc-role\":\"primary-geometry\",") }
        if formats.count == 1 {
            w.raw("\"format\":")
            w.string(formats[0])
        } else {
            w.raw("\"oneOf\":")
            w.array(formats) { w, f in
                w.raw("{\"format\":")
                w.string(f)
                w.byte(UInt8(ascii: "}"))
            }
        }
        w.raw(",\"x-geometry-types\":")
        w.strings(layer.geometryKinds.map(\.name))
        w.byte(UInt8(ascii: "}"))
    }

    /// One property's schema: type (and format for times), its vocabulary as an enum, titles, range.
    static func propertySchema(_ f: Field, into w: inout JSONWriter) {
        w.raw("{\"type\":")
        w.string(jsonType(f.kind))
        switch f.kind {
        case .timestamp: w.raw(",\"format\":\"date-time\"")
        case .date: w.raw(",\"format\":\"date\"")
        default: break
        }
        w.raw(",\"title\":")
        w.string(f.title)
        w.raw(",\"x-title-zh\":")
        w.string(f.titleZh)
        if let v = f.vocabulary {
            w.raw(",\"enum\":")
            w.strings(v)
        }
        if let r = f.range {
            w.raw(",\"minimum\":")
            w.number(r.lowerBound)
            w.raw(",\"maximum\":")
            w.number(r.upperBound)
        }
        if f.computed { w.raw(",\"readOnly\":true") }
        w.byte(UInt8(ascii: "}"))
    }
}
