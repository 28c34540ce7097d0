import GeoKit
import HTTP
import Store

/// Feature edits (OGC API – Features part 4): add, replace, change and delete, each one audited write.
struct EditRoutes: LinkingRoutes {
    let store: Store
    let publicBase: PublicBase

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .post, pattern: "/collections/{collectionId}/items", summary: "Add a feature (GeoJSON Feature body); answers with the stored feature",
                     tag: "Edit", access: .write, body: "application/geo+json",
                     responses: [201: "created; Location names the new feature", 400: "the feature is invalid", 401: "no or bad token", 403: "the role may not write this layer"]) { [self] request, caller, _ in
                let layer = try Self.layer(request)
                var feature = try FeatureInput.parse(request.body)
                // An enterprise that reports for one source need not name it.
                if let sources = caller.writeContext.sources, sources.count == 1, layer.field("source_id") != nil,
                   feature.properties["source_id"] == nil {
                    feature.properties["source_id"] = .integer(sources.first!)
                }
                let stored = try write(request, caller) { try $0.insert(feature, into: layer) }
                var r = try storedResponse(stored, layer: layer, request: request, status: .created)
                r.headers.set("Location", baseURL(request) + "/collections/\(layer.name)/items/\(stored.id!)")
                return r
            },
            Endpoint(method: .put, pattern: "/collections/{collectionId}/items/{featureId}", summary: "Replace a feature whole", tag: "Edit",
                     access: .write, body: "application/geo+json",
                     responses: [200: "the stored feature", 400: "the feature is invalid", 401: "no or bad token", 403: "forbidden", 404: "no such feature"]) { [self] request, caller, _ in
                try update(request, caller, merge: false)
            },
            Endpoint(method: .patch, pattern: "/collections/{collectionId}/items/{featureId}",
                     summary: "Change some properties (and optionally the geometry) of a feature; null removes a value", tag: "Edit",
                     access: .write, body: "application/merge-patch+json",
                     responses: [200: "the stored feature", 400: "the change is invalid", 401: "no or bad token", 403: "forbidden", 404: "no such feature"]) { [self] request, caller, _ in
                try update(request, caller, merge: true)
            },
            Endpoint(method: .delete, pattern: "/collections/{collectionId}/items/{featureId}", summary: "Delete a feature", tag: "Edit", access: .write,
                     responses: [204: "deleted", 401: "no or bad token", 403: "forbidden", 404: "no such feature", 409: "other features refer to it"]) { [self] request, caller, _ in
                let (layer, id) = try Self.feature(request)
                _ = try write(request, caller) { try $0.delete(id, from: layer) }
                return Response(status: .noContent)
            },
        ]
    }

    private func update(_ request: Request, _ caller: Caller, merge: Bool) throws -> Response {
        let (layer, id) = try Self.feature(request)
        var change = try FeatureInput.parse(request.body, patch: merge)
        change.id = id
        let stored = try write(request, caller) { try $0.update(id, in: layer, with: change, merge: merge) }
        return try storedResponse(stored, layer: layer, request: request, status: .ok)
    }

    /// One write as `caller`; a feature outside an enterprise token's sources is refused (403) and logged.
    private func write<T: Sendable>(_ request: Request, _ caller: Caller, _ body: (WriteTransaction) throws -> T) throws -> T {
        do {
            return try store.write(caller.writeContext, body)
        } catch StoreError.forbidden(let detail) {
            throw Authenticator.forbidden(request, caller, detail)
        }
    }

    private func storedResponse(_ feature: Feature, layer: LayerSchema, request: Request, status: HTTPStatus) throws -> Response {
        var w = JSONWriter()
        w.feature(feature, fields: layer.fields)
        var r = Response.json(w.bytes, status: status, contentType: "application/geo+json")
        r.headers.set("Cache-Control", "no-store")
        return r
    }
}
