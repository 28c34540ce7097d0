import GeoKit
import Routing

/// Coverage as GeoJSON: a FeatureCollection of the gaps (a MultiPolygon per class of unreached red and orange
/// cells, then the unreached crowded sites as they are stored) and, when asked, every enterprise as a point with
/// the station that reaches it first; the figures in `coverage`.
public enum CoverageGeoJSON {
    public static func write(_ c: Coverage, into w: inout JSONWriter) {
        w.raw("{\"type\":\"FeatureCollection\",\"coverage\":{\"minutes\":")
        w.real(c.minutes)
        w.raw(",\"stations\":")
        w.array(c.stations) { w, s in
            w.raw("{\"id\":")
            w.number(s.station.id)
            w.raw(",\"name\":")
            w.string(s.station.name)
            w.raw(",\"enterprises_first\":")
            w.number(Int64(s.enterprisesFirst))
            w.raw(",\"sites_first\":")
            w.number(Int64(s.sitesFirst))
            w.byte(UInt8(ascii: "}"))
        }
        w.raw(",\"stations_on_road\":")
        w.number(Int64(c.stationsOnRoad))
        for (name, total, second, secondName) in [("cells", c.cells.total, c.cells.uncovered, "uncovered"),
                                                  ("sites", c.sites.total, c.sites.uncovered, "uncovered"),
                                                  ("enterprises", c.enterprises.total, c.enterprises.reached, "reached")] {
            w.raw(",")
            w.key(name)
            w.raw("{\"total\":")
            w.number(Int64(total))
            w.raw(",")
            w.key(secondName)
            w.number(Int64(second))
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("},\"features\":")
        w.byte(UInt8(ascii: "["))
        w.commaSeparated(c.gapAreas) { w, a in
            w.raw("{\"type\":\"Feature\",\"id\":")
            w.string("gap.\(a.colour.rawValue)")
            w.raw(",\"geometry\":")
            w.geometry(.multiPolygon(a.polygons))
            w.raw(",\"properties\":{\"kind\":\"cells\",\"colour\":")
            w.string(a.colour.rawValue)
            w.raw(",\"cells\":")
            w.number(Int64(a.cells))
            w.raw(",\"covered\":false}}")
        }
        if !c.gapAreas.isEmpty, !c.siteGaps.isEmpty || c.enterpriseArrivals?.isEmpty == false { w.byte(UInt8(ascii: ",")) }
        w.commaSeparated(c.siteGaps + (c.enterpriseArrivals ?? [])) { w, p in write(p, c, into: &w) }
        w.byte(UInt8(ascii: "]"))
        w.byte(UInt8(ascii: "}"))
    }

    private static func write(_ p: Coverage.Place, _ c: Coverage, into w: inout JSONWriter) {
        w.raw("{\"type\":\"Feature\",\"id\":")
        w.string("\(p.kind.rawValue).\(p.id)")
        w.raw(",\"geometry\":")
        w.geometry(p.geometry)
        w.raw(",\"properties\":{\"kind\":")
        w.string(p.kind.rawValue)
        if let name = p.name {
            w.raw(",\"name\":")
            w.string(name)
        }
        if let detail = p.detail {
            w.raw(p.kind == .site ? ",\"category\":" : ",\"colour\":")
            w.string(detail)
        }
        if let capacity = p.capacity {
            w.raw(",\"capacity\":")
            w.number(capacity)
        }
        w.raw(",\"covered\":")
        w.bool(c.covered(p))
        w.raw(",\"minutes\":")
        if let a = p.arrival {
            w.real((a.seconds / 6).rounded() / 10)
            w.raw(",\"station_id\":")
            w.number(c.stations[a.source].station.id)
            w.raw(",\"station\":")
            w.string(c.stations[a.source].station.name)
        } else {
            w.raw("null")
        }
        w.raw("}}")
    }
}
