import GeoKit

extension Reader {
    public struct ItemsResult: Sendable {
        public let returned: Int
        public let matched: Int
    }

    /// Writes one page of a layer's items matching `query` as comma-separated GeoJSON Features and counts
    /// every match (numberMatched). Queries are built only from the schema's identifiers and bound values.
    public func writeItems(_ layer: LayerSchema, query: FeatureQuery, into w: inout JSONWriter) throws -> ItemsResult {
        let q = try CompiledQuery(query, layer: layer)
        let columns = q.fields.map { "\"\($0.name)\"" }
        let select = "SELECT fid\(columns.isEmpty ? "" : ", " + columns.joined(separator: ", ")), geom FROM \(layer.name)"
            + q.whereSQL + q.orderSQL + " LIMIT ? OFFSET ?"
        let s = try connection.cachedBounded(select)
        try s.bind(q.parameters + [.integer(Int64(query.limit)), .integer(Int64(query.offset))])
        var returned = 0
        while try s.step() {
            if returned > 0 { w.byte(UInt8(ascii: ",")) }
            try s.writeFeature(fields: q.fields, into: &w)
            returned += 1
        }
        let matched: Int
        if returned < query.limit, returned > 0 || query.offset == 0 {
            matched = query.offset + returned
        } else {
            let c = try connection.cachedBounded("SELECT count(*) FROM \(layer.name)" + q.whereSQL)
            try c.bind(q.parameters)
            matched = try c.step() ? Int(c.int64(0)) : 0
            c.reset()
        }
        return ItemsResult(returned: returned, matched: matched)
    }
}
