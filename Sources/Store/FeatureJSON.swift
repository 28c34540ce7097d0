import GeoKit

extension JSONWriter {
    public mutating func value(_ v: Value) {
        switch v {
        case .null: raw("null")
        case .integer(let i): number(i)
        case .real(let d): real(d)
        case .text(let s): string(s)
        }
    }

    /// A GeoJSON Feature with the properties in `fields` order (absent ones skipped).
    public mutating func feature(_ f: Feature, fields: [Field]) {
        raw("{\"type\":\"Feature\"")
        if let id = f.id {
            raw(",\"id\":")
            number(id)
        }
        raw(",\"geometry\":")
        if let g = f.geometry { geometry(g) } else { raw("null") }
        raw(",\"properties\":{")
        var first = true
        for field in fields {
            guard let v = f.properties[field.name] else { continue }
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            key(field.name)
            value(v)
        }
        raw("}}")
    }
}
