import Foundation
import GeoKit

/// Planned visits as files: GeoJSON points for the map, CSV for the bureau's spreadsheets (a row per visit).
public enum PlanOutput {
    public static func geoJSON(_ visits: [PlannedVisit], period: Int) -> JSONWriter {
        var w = JSONWriter(capacity: 256 * visits.count + 64)
        w.raw("{\"type\":\"FeatureCollection\",\"period\":")
        w.number(Int64(period))
        w.raw(",\"counts\":")
        w.object(PlanCriteria.levels) { w, level in
            w.key(level)
            w.number(Int64(visits.filter { $0.level == level }.count))
        }
        w.raw(",\"features\":")
        w.array(visits) { w, v in
            w.raw("{\"type\":\"Feature\",\"id\":")
            w.string("\(v.level).\(v.enterprise)")
            w.raw(",\"geometry\":")
            if let p = v.point { w.geometry(.point(p)) } else { w.raw("null") }
            w.raw(",\"properties\":{\"level\":")
            w.string(v.level)
            w.raw(",\"rank\":")
            w.number(Int64(v.rank))
            w.raw(",\"enterprise\":")
            w.number(v.enterprise)
            w.raw(",\"name\":")
            w.string(v.name)
            w.raw(",\"district\":")
            if let d = v.district { w.string(d) } else { w.raw("null") }
            w.raw(",\"colour\":")
            if let c = v.colour { w.string(c) } else { w.raw("null") }
            w.raw(",\"priority\":")
            w.number(Int64(v.priority))
            w.raw(",\"reasons\":")
            w.strings(v.reasons)
            w.raw("}}")
        }
        w.byte(UInt8(ascii: "}"))
        return w
    }

    public static func csv(_ visits: [PlannedVisit]) -> String {
        func cell(_ s: String) -> String { s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        var out = "level,rank,enterprise,name,district,colour,priority,reasons,lon,lat\r\n"
        for v in visits {
            out += [v.level, String(v.rank), String(v.enterprise), v.name, v.district ?? "", v.colour ?? "", String(v.priority),
                    v.reasons.joined(separator: "; "), v.point.map { String($0.x) } ?? "", v.point.map { String($0.y) } ?? ""].map(cell).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
