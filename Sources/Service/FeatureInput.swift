import GeoKit
import HTTP
import Store

/// A GeoJSON Feature from a request body, through GeoKit's decoder (the one imports use), with its errors
/// as 400s that say where the body is wrong.
enum FeatureInput {
    /// With `patch`, the body may leave out `geometry` (JSON Merge Patch: what is absent stays as it is).
    static func parse(_ body: [UInt8], patch: Bool = false) throws -> Feature {
        guard !body.isEmpty else { throw HTTPError(.badRequest, "the request has no body; send a GeoJSON Feature") }
        do {
            var json = try JSONParser.parse(body)
            if patch, var members = json.objectValue, members["geometry"] == nil {
                members["geometry"] = .null
                json = .object(members)
            }
            var feature = Feature(geoJSON: try GeoJSON.feature(json))
            feature.id = nil
            return feature
        } catch let e as JSONParseError {
            throw HTTPError(.badRequest, "the body is not JSON: \(e)")
        } catch let e as GeoJSON.DecodeError {
            throw HTTPError(.badRequest, "the body is not a valid GeoJSON Feature: \(e)")
        }
    }
}
