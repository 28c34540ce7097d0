import GeoKit
import HTTP
import Store

extension FeatureRoutes {
    var collectionEndpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/collections", summary: "Every layer of the one map", tag: "Data",
                     query: ["f"], responses: [200: "the collections"]) { [self] request, _, worker in
                let base = baseURL(request)
                let seen = extents.generation
                return try answers.answer("collections " + base, version: seen) {
                    var w = JSONWriter()
                    w.raw("{\"links\":")
                    links(&w, [Link(base + "/collections", "self", "application/json", "The layers")])
                    w.raw(",\"collections\":")
                    try worker.reader.snapshot { _ in
                        w.byte(UInt8(ascii: "["))
                        try w.commaSeparated(Catalog.layers) { w, layer in try writeCollection(layer, base: base, worker: worker, seen: seen, into: &w) }
                        for c in ComputedCollection.all {
                            w.byte(UInt8(ascii: ","))
                            writeCollection(c, base: base, spatial: try extents.extents(of: c.base, reader: worker.reader, seen: seen).spatial, into: &w)
                        }
                        w.byte(UInt8(ascii: "]"))
                    }
                    w.raw("}")
                    return json(w, request)
                }
            },
            Endpoint(method: .get, pattern: "/collections/{collectionId}", summary: "One layer: its extent, fields and links", tag: "Data",
                     query: ["f"], responses: [200: "the collection", 404: "no such collection"]) { [self] request, _, worker in
                let layer = try Self.layer(request)
                var w = JSONWriter()
                let seen = extents.generation
                try worker.reader.snapshot { _ in try writeCollection(layer, base: baseURL(request), worker: worker, seen: seen, into: &w) }
                return json(w, request)
            },
        ]
    }

    /// One collection, its coded fields with the codes the database adds; `seen` is the extents' generation read
    /// before the worker's snapshot began.
    func writeCollection(_ builtIn: LayerSchema, base: String, worker: Worker, seen: UInt64, into w: inout JSONWriter) throws {
        let vocabularies = try worker.reader.vocabularies()
        let layer = vocabularies.layer(builtIn)
        let extent = try extents.extents(of: layer, reader: worker.reader, seen: seen)
        let href = base + "/collections/" + layer.name
        writeCollectionHead(id: layer.name, title: layer.title, description: layer.titleZh, spatial: extent.spatial, into: &w)
        if let (from, to) = extent.temporal {
            w.raw(",\"temporal\":{\"interval\":[[")
            if let from { w.string(from) } else { w.raw("null") }
            w.byte(UInt8(ascii: ","))
            if let to { w.string(to) } else { w.raw("null") }
            w.raw("]]}")
        }
        w.raw("},\"geometryTypes\":")
        w.strings(layer.geometryKinds.map(\.name))
        w.raw(",\"properties\":")
        w.object(layer.fields) { w, f in
            w.key(f.name)
            w.raw("{\"type\":")
            w.string(Self.jsonType(f.kind))
            w.raw(",\"title\":")
            w.string(f.title)
            w.raw(",\"x-title-zh\":")
            w.string(f.titleZh)
            if let v = f.vocabulary {
                w.raw(",\"enum\":")
                w.strings(v)
                w.raw(",\"x-labels\":")
                w.object(v) { w, code in
                    w.key(code)
                    let label = vocabularies.label(code) ?? (code, code)
                    w.raw("{\"zh\":")
                    w.string(label.zh)
                    w.raw(",\"en\":")
                    w.string(label.en)
                    w.byte(UInt8(ascii: "}"))
                }
            }
            if f.required { w.raw(",\"x-required\":true") }
            if f.computed { w.raw(",\"readOnly\":true") }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw(",\"links\":")
        links(&w, [Link(href, "self", "application/json", layer.title), Link(href + "/items", "items", "application/geo+json", "\(layer.title) as GeoJSON"),
                   Link(href + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json", "What the items' filter may name"),
                   // "describedby" is the registered relation; GDAL up to 3.7 looks for "describedBy".
                   Link(href + "/schema", "describedby", "application/schema+json", "The features' JSON Schema"),
                   Link(href + "/schema", "describedBy", "application/schema+json", "The features' JSON Schema")])
        w.raw("}")
    }

    static func jsonType(_ kind: Field.Kind) -> String {
        switch kind {
        case .integer: "integer"
        case .real: "number"
        case .boolean: "boolean"
        case .text, .timestamp, .date: "string"
        }
    }
}
