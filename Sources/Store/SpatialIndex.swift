/// A layer's SpatiaLite spatial index (an R*Tree of 32-bit boxes, rounded outwards): the one place its
/// table name and its SQL are spelled.
enum SpatialIndex {
    static func table(_ layer: LayerSchema) -> String { "idx_\(layer.name)_geom" }

    /// A subquery of the ids whose index box meets the box bound at parameters `minX`, `minY`, `maxX`, `maxY`
    /// (SQL parameter numbers, as "?1").
    static func meeting(_ layer: LayerSchema, minX: String, minY: String, maxX: String, maxY: String) -> String {
        "SELECT pkid FROM \(table(layer)) WHERE xmax >= \(minX) AND xmin <= \(maxX) AND ymax >= \(minY) AND ymin <= \(maxY)"
    }

    /// A subquery of the ids whose index box meets the box of the geometry expression `geometry`.
    static func meeting(_ layer: LayerSchema, boxOf geometry: String) -> String {
        meeting(layer, minX: "MbrMinX(\(geometry))", minY: "MbrMinY(\(geometry))", maxX: "MbrMaxX(\(geometry))", maxY: "MbrMaxY(\(geometry))")
    }

    /// The box of every entry.
    static func extentSQL(_ layer: LayerSchema) -> String {
        "SELECT min(xmin), min(ymin), max(xmax), max(ymax) FROM \(table(layer))"
    }
}
