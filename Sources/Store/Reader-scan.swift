import GeoKit

extension Reader {
    /// Calls `body` with every feature of `layer` (those meeting `bbox`, when given) in id order, one row at a
    /// time, so an export of any size holds one feature in memory.
    public func forEachFeature(in layer: LayerSchema, bbox: BBox? = nil, _ body: (Feature) throws -> Void) throws {
        let sql = LayerSQL.of(layer).select + (bbox == nil ? "" : " WHERE fid IN (\(Self.rtreeFilter(layer)))") + " ORDER BY fid"
        let s = try connection.prepare(sql)
        if let bbox { try Self.bindBBox(s, bbox) }
        while try s.step() {
            let f = try s.feature(layer)
            // The R*Tree holds 32-bit boxes rounded outwards; confirm against the exact geometry.
            if let bbox, let g = f.geometry, !g.bbox.intersects(bbox) { continue }
            try body(f)
        }
    }
}
