import GeoKit
import HTTP
import Store

/// The query string of `/collections/{id}/items`, turned into a `FeatureQuery`. Every value is checked: a
/// malformed bbox or datetime, or a limit out of range is a 400 that says which. The names were checked
/// before (`Gate`): the endpoint's declared parameters, or properties of the layer.
struct ItemsParameters {
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
            case "filter":
                do { q.filter = try CQL2.parse(value) } catch { problems.append(error.description) }
            case "filter-lang":
                // "cql-text" is the draft's name, which GDAL up to 3.7 sends; what it writes is CQL2 text.
                if !["cql2-text", "cql-text"].contains(value) { problems.append("filter-lang: only cql2-text is supported, not '\(value)'") }
            case "filter-crs":
                if !["http://www.opengis.net/def/crs/OGC/1.3/CRS84", "EPSG:4326", "CRS84"].contains(value) {
                    problems.append("filter-crs: only CRS84 (longitude, latitude) is supported")
                }
            default:
                q.filters.append((name, value.split(separator: ",", omittingEmptySubsequences: false).map { .text($0.trimmingSpaces) }))
            }
        }
        guard problems.isEmpty else { throw HTTPError(.badRequest, problems.joined(separator: "; ")) }
        return q
    }

    /// `bbox=` by GeoKit's one parser; a malformed box is a 400 that says what is wrong.
    static func bbox(_ text: String) throws(HTTPError) -> BBox {
        do { return try BBox(lonLatText: text) } catch { throw HTTPError(.badRequest, error.message) }
    }

    /// An RFC 3339 instant, or an interval `start/end` with `..` (or nothing) for an open end.
    static func datetime(_ text: String) throws(HTTPError) -> FeatureQuery.TimeFilter {
        func instant(_ s: Substring) throws(HTTPError) -> String? {
            if s.isEmpty || s == ".." { return nil }
            do { return Timestamp.format(epochSeconds: try Timestamp.instant(String(s))) } catch {
                throw HTTPError(.badRequest, "datetime: \(error)")
            }
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

