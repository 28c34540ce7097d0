import GeoKit

extension Value {
    /// A JSON property as a stored value: booleans as 0/1, arrays and objects as their JSON text.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .integer(b ? 1 : 0)
        case .integer(let i): self = .integer(i)
        case .number(let d): self = .real(d)
        case .string(let s): self = .text(s)
        case .array, .object:
            var w = JSONWriter()
            w.json(json)
            self = .text(w.string)
        }
    }
}

extension Feature {
    /// A decoded GeoJSON feature (an import row, a request body) as a store feature. An integer id is kept;
    /// other ids (strings) are not riskmap ids and are dropped.
    public init(geoJSON f: GeoJSON.Feature) {
        var id: Int64?
        if case .integer(let i)? = f.id { id = i }
        self.init(id: id, geometry: f.geometry, properties: f.properties.mapValues(Value.init(json:)))
    }
}
