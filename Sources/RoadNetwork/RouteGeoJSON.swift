import GeoKit
import Routing

/// A route answer as GeoJSON: a FeatureCollection whose first feature is the route (absent when there is
/// none) and second the unconstrained route, with the zones that changed, hold or block it and a `detail`
/// sentence saying what happened. The same bytes for `POST /routes`, `GET /route` and `riskmap route --geojson`.
public enum RouteGeoJSON {
    /// Zones listed per answer list at most; the lists' full lengths are given beside them.
    static let maxListed = 100

    public static func write(_ a: RouteAnswer, _ q: RouteQuery, into w: inout JSONWriter) {
        w.raw("{\"type\":\"FeatureCollection\",\"status\":")
        w.string(a.route == nil ? "noRoute" : "ok")
        w.raw(",\"detail\":")
        w.string(detail(a, q))
        w.raw(",\"features\":")
        let routes = [("route", a.route), ("unconstrained", a.unconstrained)].compactMap { name, r in r.map { (name, $0) } }
        // The route is often the unconstrained one itself: its geometry's text is then copied, not written again.
        var first: (line: [Coordinate], text: Range<Int>)?
        w.array(routes) { w, item in
            w.raw("{\"type\":\"Feature\",\"id\":")
            w.string(item.0)
            w.raw(",\"geometry\":")
            if let first, first.line == item.1.line {
                w.repeatText(first.text)
            } else {
                let start = w.bytes.count
                w.geometry(.lineString(item.1.line))
                first = (item.1.line, start..<w.bytes.count)
            }
            w.raw(",\"properties\":{\"length_m\":")
            w.real((item.1.metres * 10).rounded() / 10)
            w.raw(",\"duration_s\":")
            w.real((item.1.seconds * 10).rounded() / 10)
            w.raw(",\"roads\":")
            w.strings(item.1.roads)
            w.byte(UInt8(ascii: "}"))
            w.byte(UInt8(ascii: "}"))
        }
        w.raw(",\"preference\":")
        w.string(q.preference.rawValue)
        if let u = a.unconstrained, let r = a.route {
            w.raw(",\"detour\":{\"length_m\":")
            w.real(((r.metres - u.metres) * 10).rounded() / 10)
            w.raw(",\"duration_s\":")
            w.real(((r.seconds - u.seconds) * 10).rounded() / 10)
            w.byte(UInt8(ascii: "}"))
        }
        for (name, list) in [("changed_by", a.changedBy), ("crossed", a.crossed), ("blocked_by", a.blockedBy)] {
            w.raw(",")
            w.key(name)
            w.strings(list.prefix(maxListed))
            w.raw(",")
            w.key(name + "_count")
            w.number(Int64(list.count))
        }
        w.raw(",\"inside\":")
        w.array(a.inside) { w, i in
            w.raw("{\"waypoint\":")
            w.number(Int64(i.waypoint))
            w.raw(",\"zones\":")
            w.strings(i.zones.prefix(maxListed))
            w.byte(UInt8(ascii: "}"))
        }
        w.raw(",\"snap_m\":")
        w.array(a.snapMetres) { w, m in w.real((m * 10).rounded() / 10) }
        w.byte(UInt8(ascii: "}"))
    }

    /// One sentence a person reads first: the outcome, and why.
    public static func detail(_ a: RouteAnswer, _ q: RouteQuery) -> String {
        var parts: [String] = []
        for i in a.inside {
            let which = i.waypoint == 0 ? "the start" : i.waypoint == q.waypoints.count - 1 ? "the end" : "waypoint \(i.waypoint)"
            let how = a.route == nil ? "" : "; the route \(i.waypoint == 0 ? "leaves" : "enters") \(i.zones.count == 1 ? "it" : "them") by the cheapest way"
            parts.append("\(which) lies inside \(names(i.zones))\(how)")
        }
        if a.unconstrained == nil {
            parts.insert("no road links the waypoints", at: 0)
        } else if a.route == nil {
            parts.insert(a.blockedBy.isEmpty ? "no route open to hazardous goods links the waypoints"
                                             : "no route keeps out of the closed zones: blocked by \(names(a.blockedBy))", at: 0)
        } else if !a.changedBy.isEmpty {
            parts.insert("the route avoids \(names(a.changedBy))", at: 0)
        } else {
            parts.insert("no zone changed the route", at: 0)
        }
        if a.route != nil && !a.crossed.isEmpty { parts.insert("it still crosses \(names(a.crossed))", at: 1) }
        return parts.joined(separator: "; ")
    }

    private static func names(_ labels: [String]) -> String {
        labels.count <= 5 ? labels.joined(separator: ", ") : labels.prefix(5).joined(separator: ", ") + " and \(labels.count - 5) more"
    }
}
