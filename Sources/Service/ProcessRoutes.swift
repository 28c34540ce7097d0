import Analysis
import GeoKit
import HTTP
import Store

/// OGC API – Processes Part 1 (synchronous execution only): the site check, which tells whether a proposed
/// use may stand at a point or parcel. A read: it changes nothing.
struct ProcessRoutes: LinkingRoutes {
    let index: HazardIndex
    let publicBase: PublicBase

    static let siteCheckID = "site-check"
    static let title = "Site check against safety distances, impact radii and pipeline impact circles"

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/processes", summary: "The processes this server runs (OGC API – Processes)", tag: "Analysis",
                     responses: [200: "the process list"]) { [self] request, _, _ in
                var w = JSONWriter()
                w.raw("{\"processes\":[")
                summary(&w, request)
                w.raw("],\"links\":")
                links(&w, [Link(baseURL(request) + "/processes", "self", "application/json", "this list")])
                w.byte(UInt8(ascii: "}"))
                return json(w, request)
            },
            Endpoint(method: .get, pattern: "/processes/{processId}", summary: "A process's description: its inputs and outputs", tag: "Analysis",
                     responses: [200: "the process description", 404: "no such process"]) { [self] request, _, worker in
                guard request.parameters["processId"] == Self.siteCheckID else {
                    throw HTTPError(.notFound, "no process '\(request.parameters["processId"] ?? "")'; this server runs \(Self.siteCheckID)")
                }
                var w = JSONWriter(capacity: 4096)
                summary(&w, request, close: false)
                w.raw(",\"inputs\":{\"site\":{\"title\":\"the point or parcel\",\"schema\":{\"$ref\":\"https://geojson.org/schema/Geometry.json\"},")
                w.raw("\"description\":\"a GeoJSON Point, Polygon or MultiPolygon (or give lon and lat)\"},")
                w.raw("\"lon\":{\"schema\":{\"type\":\"number\"}},\"lat\":{\"schema\":{\"type\":\"number\"}},")
                w.raw("\"use\":{\"title\":\"proposed use\",\"schema\":{\"type\":\"string\",\"enum\":")
                w.strings(SiteRules.standard.extended(by: try worker.reader.vocabularies()).classByUse.keys.sorted())
                w.raw("}},\"at\":{\"title\":\"instant for temporary risks and reports\",\"schema\":{\"type\":\"string\",\"format\":\"date-time\"}}},")
                w.raw("\"outputs\":{\"report\":{\"title\":\"verdict (conflict, caution, clear), reasons with their rules, counts by level within 1, 3 and 5 km, nearest fire station and shelter\",")
                w.raw("\"schema\":{\"type\":\"object\",\"contentMediaType\":\"application/json\"}}}}")
                return json(w, request)
            },
            Endpoint(method: .post, pattern: "/processes/site-check/execution",
                     summary: "Run the site check synchronously: {\"inputs\":{\"site\":GeoJSON geometry or \"lon\",\"lat\"; \"use\":\"kindergarten\"; \"at\"}} → the verdict and its reasons",
                     tag: "Analysis", body: "application/json",
                     responses: [200: "the site check report", 400: "the inputs are wrong or over a limit"]) { [self] request, _, worker in
                let inputs: JSONValue
                do { inputs = try JSONParser.parse(request.body)["inputs"] ?? .null } catch { throw HTTPError(.badRequest, "the body is not JSON: \(error)") }
                guard inputs.objectValue != nil else { throw HTTPError(.badRequest, "the body must be {\"inputs\":{\"site\":…,\"use\":…}}") }
                let geometry: Geometry
                if let site = inputs["site"] {
                    geometry = try AnalysisInput.geometry(site, name: "inputs.site")
                } else {
                    geometry = try AnalysisInput.point(lon: inputs["lon"]?.doubleValue.map { String($0) }, lat: inputs["lat"]?.doubleValue.map { String($0) })
                }
                let site = try AnalysisInput.probe(geometry, name: "inputs.site")
                let rules = SiteRules.standard.extended(by: try worker.reader.vocabularies())
                guard let use = inputs["use"]?.stringValue else {
                    throw HTTPError(.badRequest, "inputs.use is needed: one of \(rules.classByUse.keys.sorted().joined(separator: ", "))")
                }
                let check = try index.siteCheck(site: site, use: use, at: try AnalysisInput.instant(inputs["at"]?.stringValue, name: "inputs.at"), rules: rules)
                var w = JSONWriter(capacity: 8192)
                check.writeJSON(site: geometry, into: &w)
                return json(w, request)
            },
        ]
    }

    private func summary(_ w: inout JSONWriter, _ request: Request, close: Bool = true) {
        let href = baseURL(request) + "/processes/" + Self.siteCheckID
        w.raw("{\"id\":")
        w.string(Self.siteCheckID)
        w.raw(",\"title\":")
        w.string(Self.title)
        w.raw(",\"version\":\"1.0.0\",\"jobControlOptions\":[\"sync-execute\"],\"outputTransmission\":[\"value\"],\"links\":")
        links(&w, [Link(href, "self", "application/json", "the process description"),
                   Link(href + "/execution", "http://www.opengis.net/def/rel/ogc/1.0/execute", "application/json", "run it")])
        if close { w.byte(UInt8(ascii: "}")) }
    }
}
