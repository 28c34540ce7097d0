import GeoKit
import Store

/// How a file's columns (or GeoJSON properties) become a layer's fields: a small JSON document, described in
/// docs/IMPORT.md. A mapping with a `source` section is a register: every row also names its parent feature
/// (the enterprise of a risk), which is created or updated by a key and linked to the row's feature.
///
///     {"layer": "risks", "encoding": "gb18030", "crs": "GCJ-02", "lon": "经度", "lat": "纬度", "label": "序号",
///      "bounds": [73, 3, 136, 54], "fields": {"风险名称": "name", "风险等级": "level"},
///      "source": {"layer": "risk_sources", "key": "credit_code", "link": "source_id",
///                 "fields": {"企业名称": "name", "统一社会信用代码": "credit_code", "行业领域": "sector"}}}
public struct ImportMapping: Sendable {
    /// The parent of each row in a register.
    public struct Parent: Sendable {
        public let layer: LayerSchema
        /// The parent's field that identifies it (an enterprise's credit code).
        public let key: String
        /// The row's field that holds the parent's id.
        public let link: String
        /// Column → parent field.
        public let fields: [String: String]
    }

    public var layer: String?
    public var format: String?
    public var encoding: TextEncoding?
    public var delimiter: UInt8 = UInt8(ascii: ",")
    public var crs: String?
    public var lon: String?
    public var lat: String?
    public var wkt: String?
    /// A column whose value names a row in reports (序号), next to its line number.
    public var label: String?
    /// Where coordinates (after conversion to WGS 84) must lie; catches slipped decimal points and swapped axes.
    public var bounds: BBox?
    /// Column → field.
    public var fields: [String: String]
    public var parent: Parent?
    /// Field → the file's spelling → the layer's code (`"values": {"sector": {"hazardous chemicals": "hazardous_chemicals"}}`).
    public var values: [String: [String: String]] = [:]
    /// Field → the referred layer's key its values name (`"links": {"source_id": "credit_code"}`).
    public var links: [String: String] = [:]

    public init(fields: [String: String] = [:]) {
        self.fields = fields
    }

    public static func load(path: String) throws -> ImportMapping {
        let chunks = try FileChunks(path: path)
        var bytes: [UInt8] = []
        while let c = try chunks.next() { bytes += c }
        do {
            return try ImportMapping(json: try JSONParser.parse(bytes))
        } catch let e as ImportError {
            throw ImportError("mapping \(path): \(e.message)")
        } catch {
            throw ImportError("mapping \(path): \(error)")
        }
    }

    public init(json: JSONValue) throws {
        guard let o = json.objectValue else { throw ImportError("a mapping must be a JSON object") }
        let known: Set<String> = ["layer", "format", "encoding", "delimiter", "crs", "lon", "lat", "wkt", "label", "bounds",
                                  "fields", "source", "description", "values", "links"]
        if let unknown = o.keys.sorted().first(where: { !known.contains($0) }) {
            throw ImportError("unknown member \"\(unknown)\" (members: \(known.sorted().joined(separator: ", ")))")
        }
        func text(_ k: String) throws -> String? {
            guard let v = o[k] else { return nil }
            guard let s = v.stringValue else { throw ImportError("\(k) must be a string") }
            return s
        }
        layer = try text("layer")
        format = try text("format")
        if let e = try text("encoding") {
            guard let enc = TextEncoding(name: e) else { throw ImportError("encoding must be utf-8 or gb18030, not \(e)") }
            encoding = enc
        }
        if let d = try text("delimiter") {
            guard d.utf8.count == 1 else { throw ImportError("delimiter must be one ASCII character") }
            delimiter = d.utf8.first!
        }
        crs = try text("crs")
        lon = try text("lon")
        lat = try text("lat")
        wkt = try text("wkt")
        label = try text("label")
        if (lon == nil) != (lat == nil) { throw ImportError("lon and lat name the coordinate columns together") }
        if let b = o["bounds"] {
            let v = b.arrayValue?.compactMap(\.doubleValue) ?? []
            guard b.arrayValue?.count == 4, v.count == 4, v[0] < v[2], v[1] < v[3] else {
                throw ImportError("bounds must be [minLon, minLat, maxLon, maxLat]")
            }
            bounds = BBox(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3])
        }
        fields = try Self.fieldMap(o["fields"], name: "fields")
        links = try Self.fieldMap(o["links"], name: "links")
        if let v = o["values"] {
            guard let byField = v.objectValue else { throw ImportError("values must map fields to {\"file value\": \"code\"} objects") }
            for (field, map) in byField { values[field] = try Self.fieldMap(map, name: "values.\(field)") }
        }
        if let s = o["source"] {
            guard let so = s.objectValue, let layerName = so["layer"]?.stringValue, let key = so["key"]?.stringValue,
                  let link = so["link"]?.stringValue else {
                throw ImportError("source must be an object with layer, key, link and fields")
            }
            guard let parentLayer = Catalog.layer(layerName) else { throw StoreError.unknownLayer(layerName) }
            let parentFields = try Self.fieldMap(so["fields"], name: "source.fields")
            guard parentLayer.field(key) != nil, parentFields.values.contains(key) else {
                throw ImportError("source.key \(key) must be a field of \(layerName) that source.fields fills")
            }
            parent = Parent(layer: parentLayer, key: key, link: link, fields: parentFields)
        }
    }

    private static func fieldMap(_ v: JSONValue?, name: String) throws -> [String: String] {
        guard let v else { return [:] }
        guard let o = v.objectValue else { throw ImportError("\(name) must map column names to field names") }
        var out: [String: String] = [:]
        for (column, field) in o {
            guard let f = field.stringValue else { throw ImportError("\(name).\(column) must be a field name") }
            out[column] = f
        }
        return out
    }

    /// The mapping's links, checked against `layer`.
    public func importLinks(for layer: LayerSchema) throws -> [ImportLink] {
        try links.sorted { $0.key < $1.key }.map { try ImportLink(field: $0.key, key: $0.value, for: layer) }
    }

    /// Checks the mapping against the layer it imports into: every mapped field exists and may be written.
    public func check(for layer: LayerSchema) throws {
        if let l = self.layer, l != layer.name {
            throw ImportError("the mapping is for layer \(l), not \(layer.name)")
        }
        func checkFields(_ map: [String: String], _ l: LayerSchema) throws {
            for (column, field) in map.sorted(by: { $0.key < $1.key }) {
                guard let f = l.field(field), !f.computed else {
                    throw ImportError("column \(column) maps to \(field), which is not a writable field of \(l.name)")
                }
            }
        }
        try checkFields(fields, layer)
        for (field, map) in values.sorted(by: { $0.key < $1.key }) {
            guard let f = layer.field(field), let vocabulary = f.vocabulary else {
                throw ImportError("values.\(field): not a field of \(layer.name) with a vocabulary")
            }
            if let bad = map.values.sorted().first(where: { !vocabulary.contains($0) }) {
                throw ImportError("values.\(field): '\(bad)' is not one of \(vocabulary.joined(separator: ", "))")
            }
        }
        _ = try importLinks(for: layer)
        if let parent {
            try checkFields(parent.fields, parent.layer)
            guard let link = layer.field(parent.link), link.references == parent.layer.name else {
                throw ImportError("source.link \(parent.link) must be the field of \(layer.name) that refers to \(parent.layer.name)")
            }
        }
    }
}
