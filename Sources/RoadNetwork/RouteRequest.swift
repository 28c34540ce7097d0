import GeoKit
import Routing
import Store

/// A route request read from a client's or a command line's text, once, below both edges: points as
/// `lon,lat`, levels as `major,significant` (or 重大, 较大 …), and the `POST /routes` body. Every fault is a
/// `RoutingError.badInput` naming it.
public enum RouteRequest {
    /// `lon,lat` in degrees.
    public static func point(_ text: String, name: String) throws(RoutingError) -> Coordinate {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]), (-180...180).contains(x), (-90...90).contains(y) else {
            throw .badInput("\(name) must be lon,lat in degrees, e.g. 120.62,31.31; got '\(text)'")
        }
        return Coordinate(x, y)
    }

    /// Points to pass through on the way, `lon,lat;lon,lat` in order; empty for none. The count is checked with the
    /// whole route's waypoints (`RouteQuery.maxWaypoints`).
    public static func vias(_ text: String, name: String) throws(RoutingError) -> [Coordinate] {
        guard !text.isEmpty else { return [] }
        return try text.split(separator: ";", omittingEmptySubsequences: false).map { t throws(RoutingError) in try point(String(t), name: name) }
    }

    /// Risk levels by code or Chinese name, comma-separated; empty or `none` for none. 0 is major … 3 low. Each
    /// once, most severe first, whatever order they were written in (`significant,major` is `major,significant`).
    public static func levels(_ text: String) throws(RoutingError) -> [Int] {
        guard !text.isEmpty, text != "none" else { return [] }
        return Set(try text.split(separator: ",").map { t throws(RoutingError) in try level(String(t)) }).sorted()
    }

    static func level(_ text: String) throws(RoutingError) -> Int {
        let code = Catalog.levelAliases[text] ?? text
        guard let i = Catalog.levels.firstIndex(of: code) else {
            throw .badInput("avoid: '\(text)' is not a risk level; use \(Catalog.levels.joined(separator: ", ")) or none")
        }
        return i
    }

    /// Isochrone times: comma-separated minutes, e.g. `1,3,5`.
    public static func minutes(_ text: String) throws(RoutingError) -> [Double] {
        let values = text.split(separator: ",").map { Double($0) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw .badInput("minutes must be comma-separated numbers, e.g. 1,3,5; got '\(text)'")
        }
        return values.map { $0! }
    }

    public static func preference(_ text: String) throws(RoutingError) -> RouteQuery.Preference {
        guard let p = RouteQuery.Preference(rawValue: text) else {
            throw .badInput("preference must be \(RouteQuery.Preference.allCases.map(\.rawValue).joined(separator: " or ")); got '\(text)'")
        }
        return p
    }

    /// `penalty` (closed zones are dearer, default) or `ban`.
    public static func banHazards(_ text: String) throws(RoutingError) -> Bool {
        switch text {
        case "penalty": return false
        case "ban": return true
        default: throw .badInput("avoid_mode must be penalty or ban; got '\(text)'")
        }
    }

    public static func instant(_ text: String?) throws(RoutingError) -> Int64 {
        do { return try Timestamp.instant(text) } catch { throw .badInput("at: '\(text ?? "")' is not an RFC 3339 instant") }
    }

    public static func flag(_ text: String, name: String) throws(RoutingError) -> Bool {
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw .badInput("\(name) must be true or false; got '\(text)'")
        }
    }
}
