import GeoKit
import Store

extension GridQuery {
    /// Cells as a GeoJSON FeatureCollection (RFC 7946): each cell a Polygon of its corners inverse-projected to
    /// lon/lat (a square in the grid CRS, very nearly one on the map), with its figures as properties:
    /// `level`, `i`, `j`, `hazard` (H), `exposure` (E), `index` (C), `class` (colour or null), `worst` (level or
    /// null), `risks_<level>` (risks located in the cell), `sites`, `pipeline_m` and `pipeline_<kind>_m`.
    public func writeGeoJSON(_ cells: [Cell], into w: inout JSONWriter) throws {
        let corners = try corners(of: cells.map(\.key))
        w.raw("{\"type\":\"FeatureCollection\",\"features\":[")
        for (n, c) in cells.enumerated() {
            if n > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"type\":\"Feature\",\"id\":\"")
            w.rawString("\(c.key.level)/\(c.key.i)/\(c.key.j)")
            w.raw("\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[")
            for (m, k) in [0, 1, 2, 3, 0].enumerated() {
                let p = corners[n * 4 + k]
                if m > 0 { w.byte(UInt8(ascii: ",")) }
                w.byte(UInt8(ascii: "["))
                w.number(p.x)
                w.byte(UInt8(ascii: ","))
                w.number(p.y)
                w.byte(UInt8(ascii: "]"))
            }
            w.raw("]]},\"properties\":{")
            writeProperties(c, into: &w)
            w.raw("}}")
        }
        w.raw("]}")
    }

    func writeProperties(_ c: Cell, into w: inout JSONWriter) {
        func field(_ name: String, _ body: (inout JSONWriter) -> Void) {
            if w.bytes.last != UInt8(ascii: "{") { w.byte(UInt8(ascii: ",")) }
            w.key(name)
            body(&w)
        }
        field("level") { $0.number(Int64(c.key.level)) }
        field("i") { $0.number(Int64(c.key.i)) }
        field("j") { $0.number(Int64(c.key.j)) }
        field("hazard") { $0.number(c.sums.hazard) }
        field("exposure") { $0.number(c.sums.exposure) }
        field("index") { $0.number((c.combined * 1e6).rounded() / 1e6) }
        field("class") { w in if let colour = c.colour { w.string(colour.rawValue) } else { w.raw("null") } }
        field("worst") { w in if let level = c.sums.worstLevel { w.string(level.rawValue) } else { w.raw("null") } }
        for level in RiskLevel.allCases { field("risks_\(level.rawValue)") { $0.number(Int64(c.sums.located(level))) } }
        field("sites") { $0.number(Int64(c.sums.siteCount)) }
        field("pipeline_m") { $0.number(c.sums.pipelineMetres) }
        for (k, kind) in Catalog.pipelineKinds.enumerated() where c.sums.pipelineMetres(kind: k) > 0 {
            field("pipeline_\(kind)_m") { $0.number(c.sums.pipelineMetres(kind: k)) }
        }
    }
}
