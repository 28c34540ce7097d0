import GeoKit

extension WriteTransaction {
    /// Refuses a feature outside the writer's areas (`WriteContext.areas`): it must lie inside one of them, or
    /// inside their union when it crosses from one into another. The areas layer itself is outside any such
    /// writer's reach: an editor limited to a district may not move its boundary.
    func checkArea(_ layer: LayerSchema, _ geometry: Geometry?, id: Int64?) throws {
        guard let codes = context.areas else { return }
        let what = id.map { "\(layer.name) feature \($0)" } ?? "a \(layer.name) feature"
        let limit = "this token may change features only inside areas \(codes.joined(separator: ", "))"
        guard !codes.isEmpty else { throw StoreError.forbidden("this token may change no features (it is limited to no area)") }
        guard layer.name != Catalog.areas.name else { throw StoreError.forbidden("\(limit), not the areas themselves") }
        guard let geometry else { throw StoreError.forbidden("\(what) has no location; \(limit)") }
        let blob = SpatiaLiteBlob.encode(geometry)
        let list = (1...codes.count).map { "?\($0)" }.joined(separator: ", "), g = "?\(codes.count + 1)"
        // Inside one area (the usual case: a few polygons to test), else inside their union.
        for sql in ["SELECT count(*) > 0 FROM areas WHERE code IN (\(list)) AND ST_Covers(geom, \(g)) = 1",
                    "SELECT ST_Covers(ST_Union(geom), \(g)) = 1 FROM areas WHERE code IN (\(list))"] {
            let s = try connection.cached(sql)
            try s.bind(codes.map(Value.text))
            try s.bind(blob: blob, at: Int32(codes.count + 1))
            if try s.step(), s.int64(0) == 1 { s.reset(); return }
            s.reset()
        }
        throw StoreError.forbidden("\(what) lies outside the areas it may change; \(limit)")
    }
}
