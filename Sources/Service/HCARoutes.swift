import Analysis
import GeoKit
import HTTP
import Store

/// Pipeline high-consequence areas for planners (`HazardIndex.pipelineHCAs`): each stretch as a GeoJSON LineString
/// with its grade and the sites that made it. A read, as the layers are.
struct HCARoutes: RouteCollection {
    let index: HazardIndex

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/analysis/pipeline-hca",
                     summary: "High-consequence areas of the gas pipelines (GB 32167-2015): the stretches whose potential impact circle reaches particular sites, or whose 200 m band reaches other crowded sites, graded Ⅰ–Ⅲ, each with its sites",
                     tag: "Analysis", query: ["bbox", "grade", "at"],
                     responses: [200: "a GeoJSON FeatureCollection of LineStrings", 400: "a bad bbox, grade or time"]) { [self] request, _, _ in
                let box = try request.query["bbox"].map(ItemsParameters.bbox)
                let minGrade = try Self.grade(request.query["grade"])
                let stretches = try index.pipelineHCAs(meeting: box, at: try AnalysisInput.instant(request.query["at"])).filter { $0.grade >= minGrade }
                var w = JSONWriter(capacity: 64 * 1024)
                w.raw("{\"type\":\"FeatureCollection\",\"numberMatched\":")
                w.number(Int64(stretches.count))
                w.raw(",\"features\":")
                w.array(stretches.enumerated()) { w, e in Self.write(e.element, number: e.offset + 1, into: &w) }
                w.byte(UInt8(ascii: "}"))
                return json(w, request, contentType: "application/geo+json")
            },
        ]
    }

    /// `grade=`: the least grade listed (1 when not given).
    static func grade(_ text: String?) throws -> Int {
        guard let text else { return 1 }
        guard let g = Int(text), (1...3).contains(g) else { throw HTTPError(.badRequest, "grade must be 1, 2 or 3 (the least grade listed)") }
        return g
    }

    static func write(_ s: HCAStretch, number: Int, into w: inout JSONWriter) {
        w.raw("{\"type\":\"Feature\",\"id\":")
        w.string("hca.\(s.pipelineID).\(Int(s.from.rounded()))")
        w.raw(",\"geometry\":")
        w.geometry(.lineString(s.line))
        w.raw(",\"properties\":{\"pipeline_id\":")
        w.number(s.pipelineID)
        w.raw(",\"pipeline\":")
        w.string(s.pipelineName)
        w.raw(",\"kind\":")
        w.string(s.kind)
        w.raw(",\"grade\":")
        w.number(Int64(s.grade))
        w.raw(",\"grade_label\":")
        w.string(["Ⅰ", "Ⅱ", "Ⅲ"][s.grade - 1] + "级")
        for (key, value) in [("impact_radius_m", s.impactRadius), ("from_m", s.from), ("to_m", s.to), ("length_m", s.length)] {
            w.raw(",")
            w.key(key)
            w.number((value * 10).rounded() / 10)
        }
        w.raw(",\"sites\":")
        w.array(s.sites) { w, site in
            w.raw("{\"id\":")
            w.number(site.id)
            w.raw(",\"name\":")
            w.string(site.name)
            w.raw(",\"category\":")
            w.string(site.category)
            w.raw(",\"distance_m\":")
            w.number((site.distance * 10).rounded() / 10)
            w.raw(",\"grade\":")
            w.number(Int64(site.grade))
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("}}")
    }
}
