import GeoKit
import HTTP
import Store

/// The query string of `/collections/{id}/items`, turned into a `FeatureQuery`. Every parameter is checked:
/// an unknown one, a malformed bbox or datetime, or a limit out of range is a 400 that says which.
struct ItemsParameters {
    static let reserved: Set<String> = ["bbox", "bbox-crs", "limit", "offset", "datetime", "sortby", "properties", "q", "f"]

    static func parse(_ query: QueryParameters, layer: LayerSchema, config: ServiceConfig) throws -> FeatureQuery {
        var q = FeatureQuery(limit: config.defaultLimit)
        var problems: [String] = []
        for (name, value) in query {
            switch name {
            case "bbox":
                do { q.bbox = try bbox(value) } catch { problems.append(error.detail) }
            case "bbox-crs":
                if !["http://www.opengis.net/def/crs/OGC/1.3/CRS84", "EPSG:4326", "CRS84"].contains(value) {
                    problems.append("bbox-crs: only CRS84 (longitude, latitude) is supported")
                }
            case "limit":
                guard let v = Int(value), v >= 1, v <= config.maxLimit else {
                    problems.append("limit must be a whole number from 1 to \(config.maxLimit), not '\(value)'")
                    continue
                }
                q.limit = v
            case "offset":
                guard let v = Int(value), v >= 0 else {
                    problems.append("offset must be a whole number ≥ 0, not '\(value)'")
                    continue
                }
                q.offset = v
            case "datetime":
                do { q.datetime = try datetime(value) } catch { problems.append(error.detail) }
            case "sortby":
                q.sortBy = value.split(separator: ",").map { term in
                    let t = term.trimmingSpaces
                    if t.hasPrefix("-") { return (String(t.dropFirst()), false) }
                    return (t.hasPrefix("+") ? String(t.dropFirst()) : t, true)
                }
            case "properties":
                q.properties = value.split(separator: ",").map { $0.trimmingSpaces }
            case "q":
                q.search = value.split(separator: ",").map { $0.trimmingSpaces }
            case "f":
                if !["json", "geojson"].contains(value) { problems.append("f must be json or geojson") }
            default:
                guard layer.field(name) != nil else {
                    problems.append("unknown query parameter '\(name)'; use \(reserved.sorted().joined(separator: ", ")) or a property of \(layer.name): "
                                    + layer.fields.map(\.name).joined(separator: ", "))
                    continue
                }
                q.filters.append((name, value.split(separator: ",", omittingEmptySubsequences: false).map { .text($0.trimmingSpaces) }))
            }
        }
        guard problems.isEmpty else { throw HTTPError(.badRequest, problems.joined(separator: "; ")) }
        return q
    }

    /// `minLon,minLat,maxLon,maxLat` (a 6-number 3D box is taken in 2D).
    static func bbox(_ text: String) throws(HTTPError) -> BBox {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingSpaces) }
        guard parts.count == 4 || parts.count == 6, parts.allSatisfy({ $0?.isFinite == true }) else {
            throw HTTPError(.badRequest, "bbox must be four numbers minLon,minLat,maxLon,maxLat, not '\(text)'")
        }
        let v = parts.map { $0! }
        let b = parts.count == 4 ? BBox(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3]) : BBox(minX: v[0], minY: v[1], maxX: v[3], maxY: v[4])
        guard b.minX >= -180, b.maxX <= 180, b.minY >= -90, b.maxY <= 90 else {
            throw HTTPError(.badRequest, "bbox \(text) is outside longitude −180…180 / latitude −90…90")
        }
        guard b.minX <= b.maxX, b.minY <= b.maxY else {
            throw HTTPError(.badRequest, "bbox \(text) has its minimum above its maximum (boxes across the antimeridian are not supported)")
        }
        return b
    }

    /// An RFC 3339 instant, or an interval `start/end` with `..` (or nothing) for an open end.
    static func datetime(_ text: String) throws(HTTPError) -> FeatureQuery.TimeFilter {
        func instant(_ s: Substring) throws(HTTPError) -> String? {
            if s.isEmpty || s == ".." { return nil }
            guard let t = Timestamp.normalise(String(s)) else {
                throw HTTPError(.badRequest, "datetime '\(s)' is not an RFC 3339 date-time")
            }
            return t
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let t = try instant(parts[0]) else { throw HTTPError(.badRequest, "datetime needs a date-time or an interval") }
            return .instant(t)
        case 2:
            let (a, b) = (try instant(parts[0]), try instant(parts[1]))
            if let a, let b, a > b { throw HTTPError(.badRequest, "datetime interval \(text) ends before it starts") }
            return .interval(from: a, to: b)
        default:
            throw HTTPError(.badRequest, "datetime '\(text)' is neither an instant nor start/end")
        }
    }
}

