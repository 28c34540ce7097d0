import Foundation
import GeoKit
import HTTP
import Import
import Projection
import Store

/// `POST /imports`: a file imported into a layer as `riskmap import` does.
struct ImportRoutes: RouteCollection {
    let store: Store
    /// Where the shipped mappings (`?mapping=name`) are.
    let mappingsDirectory: String

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .post, pattern: "/imports",
                     summary: "Import a GeoJSON or CSV file (the request body) into a layer, as `riskmap import` does; admins only",
                     tag: "Edit", query: ["layer", "format", "mapping", "crs", "mode", "key", "skip_invalid", "link"], access: .admin, body: "text/csv",
                     responses: [200: "the import's summary", 400: "a parameter is wrong, or the file cannot be read (malformed CSV, not JSON, a column that is not a field) or converted from its CRS", 401: "no or bad token", 403: "not an admin",
                                 422: "invalid rows: nothing was imported; every bad row is listed"]) { [self] request, caller, _ in
                try runImport(request, caller: caller)
            },
        ]
    }

    private func runImport(_ request: Request, caller: Caller) throws -> Response {
        guard !request.body.isEmpty else { throw HTTPError(.badRequest, "send the file as the request body") }
        // The readers stream from files; the body goes to a private temporary file, once the request is checked.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-import-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Every error an import can meet is the client's file or choices: a 4xx that says which, never a 500.
        do {
            let plan = try importRequest(request)
            guard FileManager.default.createFile(atPath: path, contents: Data(request.body), attributes: [.posixPermissions: 0o600]) else {
                throw HTTPError(.internalServerError, "cannot stage the upload")
            }
            let summary = try plan.run(path: path, store: store, context: WriteContext(actor: caller.actor + " via POST /imports"))
            var w = JSONWriter()
            Self.write(summary, into: &w)
            var r = Response.json(w.bytes)
            r.headers.set("Cache-Control", "no-store")
            return r
        } catch let rejected as ImportRejected {
            let s = rejected.summary
            var w = JSONWriter()
            w.raw("{\"type\":\"https://riskmap.dev/problems/invalid-rows\",\"title\":\"Invalid rows\",\"status\":422,\"detail\":")
            w.string("\(s.rejected) of \(s.read) rows are invalid; nothing was imported (send skip_invalid=true to import the \(s.read - s.rejected) valid rows)")
            w.raw(",\"summary\":")
            Self.write(s, into: &w)
            w.raw("}")
            return Response(status: HTTPStatus(code: 422), headers: ["Content-Type": "application/problem+json", "Cache-Control": "no-store"], body: w.bytes)
        } catch let error as ImportRequestError {
            throw HTTPError(.badRequest, error.description)
        } catch let error as ImportError {
            throw HTTPError(.badRequest, error.message.replacingOccurrences(of: path, with: "the upload"))
        } catch let error as CSVError {
            throw HTTPError(.badRequest, "the upload, \(error)")
        } catch let error as ProjectionError {
            throw HTTPError(.badRequest, "the coordinates cannot be converted: \(error.message)")
        }
    }

    /// The request's query as an `ImportRequest`; a mapping is one shipped with the server, named, never a path.
    private func importRequest(_ request: Request) throws -> ImportRequest {
        var mapping: ImportMapping?
        if let name = request.query["mapping"] {
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw HTTPError(.badRequest, "mapping must be the name of a shipped mapping (letters, digits, - and _)")
            }
            let path = mappingsDirectory + "/" + name + ".json"
            guard FileManager.default.fileExists(atPath: path) else { throw HTTPError(.badRequest, "no mapping named '\(name)'") }
            mapping = try ImportMapping.load(path: path)
        }
        let contentType = request.headers["Content-Type"]?.lowercased() ?? ""
        return try ImportRequest(layer: request.query["layer"] ?? "", format: request.query["format"],
                                 formatHint: contentType.contains("csv") ? "csv" : "geojson", mapping: mapping,
                                 system: try request.query["crs"].map(InputCoordinateSystem.init(requestValue:)), mode: request.query["mode"],
                                 key: request.query["key"], skipInvalid: ["true", "1", "yes"].contains(request.query["skip_invalid"] ?? "false"),
                                 sourceName: "HTTP upload", links: request.query["link"].map { $0.split(separator: ",").map(String.init) } ?? [],
                                 formats: [.geojson, .csv], vocabularies: try store.vocabularies())
    }

    static func write(_ s: ImportSummary, into w: inout JSONWriter) {
        w.raw("{\"layer\":")
        w.string(s.layer)
        for (k, v) in [("read", s.read), ("imported", s.imported), ("inserted", s.inserted), ("updated", s.updated),
                       ("replaced", s.deleted), ("enterprises_inserted", s.parentsInserted), ("enterprises_updated", s.parentsUpdated),
                       ("rejected", s.rejected)] {
            w.byte(UInt8(ascii: ","))
            w.key(k)
            w.number(Int64(v))
        }
        w.raw(",\"seconds\":")
        w.number((s.seconds * 1000).rounded() / 1000)
        w.raw(",\"warnings\":")
        w.strings(s.warnings)
        w.raw(",\"faults\":")
        w.array(s.faults.sorted { ($0.value.rows, $1.key) > ($1.value.rows, $0.key) }) { w, f in
            w.raw("{\"kind\":")
            w.string(f.key)
            w.raw(",\"rows\":")
            w.number(Int64(f.value.rows))
            w.raw(",\"first\":")
            w.strings(f.value.first)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw(",\"rejections\":")
        w.array(s.rejections) { w, r in
            w.raw("{\"location\":")
            w.string(r.location)
            w.raw(",\"problems\":")
            w.strings(r.problems)
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "}"))
    }
}
