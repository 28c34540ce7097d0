import GeoKit
import Routing

extension RouteRequest {
    static let members = ["waypoints", "preference", "avoid", "avoid_mode", "obstacles", "penalty", "hazmat", "at"]
    /// The largest `POST /routes` body read. A request within the limits (25 waypoints, 200 obstacles, 20,000
    /// vertices) takes about 1 MB, 2 MB pretty-printed; parsed, a body of small objects takes about 50 times its
    /// size (a 10 MB list of circles held 490 MB), so a larger one is refused before it is parsed.
    public static let maxBodyBytes = 4 << 20

    /// The body of `POST /routes` (the draft OGC API – Routes' shape): `waypoints` a MultiPoint (from, vias,
    /// to) or a Feature holding one; `preference`; `avoid` (levels, an array or a comma-separated string);
    /// `avoid_mode`; `obstacles` a Polygon or MultiPolygon, a Feature or a FeatureCollection of those and of
    /// Points with a `radius` in metres (circles), each closed unless its `mode` is `penalty`; `penalty`;
    /// `hazmat`; `at`.
    public static func query(json body: [UInt8]) throws(RoutingError) -> RouteQuery {
        let v: JSONValue
        do { v = try JSONParser.parse(body) } catch { throw .badInput("the body is not JSON: \(error)") }
        guard let o = v.objectValue else { throw .badInput("the body must be a JSON object with waypoints") }
        if let unknown = o.keys.sorted().first(where: { !members.contains($0) }) {
            throw .badInput("unknown member '\(unknown)'; a route takes \(members.joined(separator: ", "))")
        }
        guard let w = o["waypoints"] else { throw .badInput("waypoints is missing: a MultiPoint of from, vias and to") }
        guard case .multiPoint(let points) = try geometry(w["type"]?.stringValue == "Feature" ? w["geometry"] ?? .null : w, "waypoints") else {
            throw .badInput("waypoints must be a MultiPoint of from, vias and to")
        }
        var q = RouteQuery(waypoints: points, at: try instant(o["at"].map { v throws(RoutingError) in try string(v, "at") }))
        if let p = o["preference"] { q.preference = try preference(try string(p, "preference")) }
        if let a = o["avoid"] {
            if let list = a.arrayValue {
                // A set, most severe first, as the comma-separated form reads them.
                q.avoidLevels = Set(try list.map { v throws(RoutingError) in try level(try string(v, "avoid")) }).sorted()
            } else {
                q.avoidLevels = try levels(try string(a, "avoid"))
            }
        }
        if let m = o["avoid_mode"] { q.banHazards = try banHazards(try string(m, "avoid_mode")) }
        if let p = o["penalty"] {
            guard let f = p.doubleValue else { throw .badInput("penalty must be a number") }
            q.penalty = f
        }
        if let h = o["hazmat"] {
            guard case .bool(let b) = h else { throw .badInput("hazmat must be true or false") }
            q.hazmat = b
        }
        if let obstacles = o["obstacles"] { q.obstacles = try zones(obstacles) }
        return q
    }

    private static func string(_ v: JSONValue, _ name: String) throws(RoutingError) -> String {
        guard let s = v.stringValue else { throw .badInput("\(name) must be a string, not \(v.kindName)") }
        return s
    }

    private static func geometry(_ v: JSONValue, _ name: String) throws(RoutingError) -> Geometry {
        do { return try GeoJSON.geometry(v) } catch { throw .badInput("\(name): \(error)") }
    }

    /// An obstacle's feature id as its name: a string as it is, a whole number without a fraction (7, not 7.0; 1e300
    /// is no Int64 and keeps its decimal form).
    private static func obstacleName(_ id: JSONValue) -> String? {
        if let s = id.stringValue { return s }
        guard let d = id.doubleValue else { return nil }
        return Int64(exactly: d).map(String.init) ?? "\(d)"
    }

    /// The caller's zones, labelled `obstacle N` (N counts from 0 in the order given) or by the feature's id.
    static func zones(_ v: JSONValue) throws(RoutingError) -> [Zone] {
        let features: [JSONValue]
        switch v["type"]?.stringValue {
        case "FeatureCollection":
            guard let list = v["features"]?.arrayValue else { throw .badInput("obstacles: a FeatureCollection needs features") }
            features = list
        case "Feature": features = [v]
        default: features = [.object(["type": .string("Feature"), "geometry": v, "properties": .object([:])])]
        }
        var zones: [Zone] = []
        for (i, f) in features.enumerated() {
            let label = "obstacle " + (f["id"].flatMap(Self.obstacleName) ?? "\(i)")
            let props = f["properties"]?.objectValue ?? [:]
            let ban: Bool
            switch props["mode"]?.stringValue {
            case nil, "ban": ban = true
            case "penalty": ban = false
            case let m?: throw .badInput("\(label): mode must be ban or penalty; got '\(m)'")
            }
            switch try geometry(f["geometry"] ?? .null, label) {
            case .point(let c):
                guard let r = props["radius"]?.doubleValue, r > 0 else { throw .badInput("\(label): a Point obstacle needs a radius in metres above 0") }
                zones.append(Zone(.circle(center: c, radiusM: r), ban: ban, label: label))
            case .polygon(let rings): zones.append(Zone(.polygons([rings]), ban: ban, label: label))
            case .multiPolygon(let polygons): zones.append(Zone(.polygons(polygons), ban: ban, label: label))
            default: throw .badInput("\(label): an obstacle is a Polygon, a MultiPolygon or a Point with a radius")
            }
            if zones.count > RouteQuery.maxObstacles {
                throw .badInput("at most \(RouteQuery.maxObstacles) obstacles per route; got \(features.count)")
            }
        }
        return zones
    }
}
