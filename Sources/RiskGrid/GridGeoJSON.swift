import RiskModel
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

    /// A cell's figures as JSON members (no braces), as /grid's features carry them; the API's explain and area
    /// answers use the same members. Keys are static strings written raw: a tile of ~2,000 cells has ~30,000.
    public func writeProperties(_ c: Cell, into w: inout JSONWriter) {
        w.raw("\"level\":")
        w.number(Int64(c.key.level))
        w.raw(",\"i\":")
        w.number(Int64(c.key.i))
        w.raw(",\"j\":")
        w.number(Int64(c.key.j))
        w.raw(",\"hazard\":")
        w.number(c.sums.hazard)
        w.raw(",\"exposure\":")
        w.number(c.sums.exposure)
        w.raw(",\"index\":")
        w.number((c.combined * 1e6).rounded() / 1e6)
        w.raw(",\"class\":")
        if let colour = c.colour { w.string(colour.rawValue) } else { w.raw("null") }
        w.raw(",\"worst\":")
        if let level = c.sums.worstLevel { w.string(level.rawValue) } else { w.raw("null") }
        w.raw(",\"risks_major\":")
        w.number(Int64(c.sums.located(.major)))
        w.raw(",\"risks_significant\":")
        w.number(Int64(c.sums.located(.significant)))
        w.raw(",\"risks_general\":")
        w.number(Int64(c.sums.located(.general)))
        w.raw(",\"risks_low\":")
        w.number(Int64(c.sums.located(.low)))
        w.raw(",\"sites\":")
        w.number(Int64(c.sums.siteCount))
        w.raw(",\"pipeline_m\":")
        w.number(c.sums.pipelineMetres)
        for (k, kind) in Catalog.pipelineKinds.enumerated() where c.sums.pipelineMetres(kind: k) > 0 {
            w.byte(UInt8(ascii: ","))
            w.key("pipeline_\(kind)_m")
            w.number(c.sums.pipelineMetres(kind: k))
        }
    }
}
