import Foundation
import GeoKit
import Store

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

    static func cell(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A stored plan's visits, a row each, for the department's spreadsheet.
    public static func csv(_ plan: InspectionPlan, _ visits: [PlanVisit], places: [Int64: (name: String, point: Coordinate?)]) -> String {
        var out = "visit,department,level,period,enterprise,name,date,items,status,hidden_dangers_found,hidden_dangers_closed,lon,lat\r\n"
        for v in visits {
            let place = places[v.sourceID]
            let lon: String = place?.point.map { String($0.x) } ?? "", lat: String = place?.point.map { String($0.y) } ?? ""
            let found: String = v.dangersFound.map(String.init) ?? "", closed: String = v.dangersClosed.map(String.init) ?? ""
            let row: [String] = [String(v.id), plan.department, plan.level, plan.period, String(v.sourceID), place?.name ?? "", v.date,
                                 v.items.joined(separator: "; "), v.status, found, closed, lon, lat]
            out += row.map(cell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    public static func csv(_ visits: [PlannedVisit]) -> String {
        var out = "level,rank,enterprise,name,district,colour,priority,reasons,lon,lat\r\n"
        for v in visits {
            out += [v.level, String(v.rank), String(v.enterprise), v.name, v.district ?? "", v.colour ?? "", String(v.priority),
                    v.reasons.joined(separator: "; "), v.point.map { String($0.x) } ?? "", v.point.map { String($0.y) } ?? ""].map(cell).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
