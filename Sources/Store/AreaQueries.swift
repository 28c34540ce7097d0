import GeoKit

/// What lies in an area (a district, a town, a chemical park): counts and lengths the area summaries need,
/// by the areas' stored polygons (a feature counts where its point on surface lies).
extension Connection {
    /// The ids of the areas of a level ("district", "town", …), in order.
    public func areaIDs(level: String) throws -> [Int64] {
        let s = try cached("SELECT fid FROM areas WHERE level = ? ORDER BY fid")
        try s.bind(.text(level), at: 1)
        defer { s.reset() }
        var ids: [Int64] = []
        while try s.step() { ids.append(s.int64(0)) }
        return ids
    }

    /// Area `id`'s name, level and shape; nil when there is no such area.
    public func area(_ id: Int64) throws -> (name: String, level: String, shape: Geometry)? {
        let s = try cached("SELECT name, level, geom FROM areas WHERE fid = ?")
        try s.bind(.integer(id), at: 1)
        defer { s.reset() }
        guard try s.step() else { return nil }
        return (s.text(0) ?? "", s.text(1) ?? "", try s.withBlob(2) { try SpatiaLiteBlob.decode($0).geometry })
    }

    /// Features of `layer` whose point on surface lies in area `id`, counted by the values of `field`; with
    /// `activeAt` (a stored timestamp) only those whose time window holds it (features without one always).
    public func counts(of layer: LayerSchema, by field: String, inArea id: Int64, activeAt: String? = nil) throws -> [String: Int] {
        guard layer.field(field) != nil else { throw StoreError.invalidQuery(["\(layer.name) has no field \(field)"]) }
        var condition = "1"
        if let w = layer.timeWindow, activeAt != nil {
            condition = "(f.\(w.from) IS NULL OR f.\(w.from) <= ?2) AND (f.\(w.to) IS NULL OR f.\(w.to) > ?2)"
        }
        let s = try cached("""
            SELECT f."\(field)", count(*) FROM \(layer.name) f, areas a
            WHERE a.fid = ?1 AND f.fid IN (\(SpatialIndex.meeting(layer, boxOf: "a.geom")))
            AND ST_Within(PointOnSurface(f.geom), a.geom) AND \(condition) GROUP BY 1
            """)
        try s.bind(.integer(id), at: 1)
        if condition != "1", let activeAt { try s.bind(.text(activeAt), at: 2) }
        defer { s.reset() }
        var out: [String: Int] = [:]
        while try s.step() { out[s.text(0) ?? "", default: 0] += Int(s.int64(1)) }
        return out
    }

    /// Kilometres of pipeline inside area `id` (geodesic lengths of the parts within it).
    public func pipelineKilometres(inArea id: Int64) throws -> Double {
        let s = try cached("""
            SELECT coalesce(sum(ST_Length(ST_Intersection(p.geom, a.geom), 1)), 0) / 1000.0 FROM areas a, pipelines p
            WHERE a.fid = ?1 AND p.fid IN (\(SpatialIndex.meeting(Catalog.pipelines, boxOf: "a.geom")))
            AND ST_Intersects(p.geom, a.geom)
            """)
        try s.bind(.integer(id), at: 1)
        defer { s.reset() }
        return try s.step() ? s.double(0) : 0
    }

    /// The largest value of a numeric field of a layer (nil when none is set).
    public func largest(_ field: String, of layer: LayerSchema) throws -> Double? {
        guard layer.field(field) != nil else { throw StoreError.invalidQuery(["\(layer.name) has no field \(field)"]) }
        return try scalar("SELECT max(\"\(field)\") FROM \(layer.name)").doubleValue
    }

    /// Changes whenever another connection commits (SQLite's data_version), for caches keyed on the data.
    public func dataVersion() throws -> Int64 {
        try scalar("PRAGMA data_version").intValue ?? 0
    }
}
