import GeoKit
import HTTP
import Store

/// The planners' computed layers described as OGC API – Features collections, so GIS clients list and read them
/// beside the stored layers (`ComputedCollectionRoutes` serves them): read-only, computed from the nearby index.
struct ComputedCollection: Sendable {
    let id: String
    let title: String
    let titleZh: String
    let geometryType: String
    /// The stored layer they are worked out from; its extent is theirs (an upper bound, stated in docs/API.md).
    let base: LayerSchema
    let properties: [(name: String, type: String, title: String)]

    static let pipelineHCA = ComputedCollection(
        id: "pipeline_hca", title: "Pipeline high-consequence areas (GB 32167-2015)", titleZh: "管道高后果区", geometryType: "LineString",
        base: Catalog.pipelines,
        properties: [("pipeline_id", "integer", "Pipeline fid"), ("pipeline", "string", "Pipeline name"), ("kind", "string", "Pipeline kind"),
                     ("grade", "integer", "Grade (1–3)"), ("grade_label", "string", "Grade as written"),
                     ("impact_radius_m", "number", "Potential impact radius (m)"), ("from_m", "number", "Start along the pipeline (m)"),
                     ("to_m", "number", "End along the pipeline (m)"), ("length_m", "number", "Length (m)"),
                     ("sites", "array", "The sites that made the stretch")])

    static let threatZones = ComputedCollection(
        id: "threat_zones", title: "Threat zones of the risk sources (red, orange, yellow)", titleZh: "风险源威胁区", geometryType: "Polygon",
        base: Catalog.riskSources,
        properties: [("source", "integer", "Risk source fid"), ("name", "string", "Risk source name"), ("colour", "string", "Ring colour"),
                     ("radius_m", "number", "Radius (m)"), ("basis", "string", "What gave the radius"), ("sites", "integer", "Crowded sites inside"),
                     ("people", "integer", "Their capacity"), ("major_hazards", "integer", "Other major hazards inside"),
                     ("inside", "array", "What lies inside, nearest first (at most 50)")])

    static let all = [pipelineHCA, threatZones]
}

extension RouteCollection {
    /// One computed collection's document, `spatial` its base layer's extent.
    func writeCollection(_ c: ComputedCollection, base: String, spatial: BBox?, into w: inout JSONWriter) {
        let href = base + "/collections/" + c.id
        writeCollectionHead(id: c.id, title: c.title, description: c.titleZh + "（计算图层，只读）", spatial: spatial, into: &w)
        w.raw("},\"geometryTypes\":")
        w.strings([c.geometryType])
        w.raw(",\"x-computed\":true,\"properties\":")
        w.object(c.properties) { w, p in
            w.key(p.name)
            w.raw("{\"type\":")
            w.string(p.type)
            w.raw(",\"title\":")
            w.string(p.title)
            w.raw(",\"readOnly\":true}")
        }
        w.raw(",\"links\":")
        links(&w, [Link(href, "self", "application/json", c.title), Link(href + "/items", "items", "application/geo+json", "\(c.title) as GeoJSON")])
        w.raw("}")
    }

    /// A collection's id, titles, CRS and spatial extent, leaving the extent object open for a temporal member.
    func writeCollectionHead(id: String, title: String, description: String, spatial: BBox?, into w: inout JSONWriter) {
        w.raw("{\"id\":")
        w.string(id)
        w.raw(",\"title\":")
        w.string(title)
        w.raw(",\"description\":")
        w.string(description)
        w.raw(",\"itemType\":\"feature\",\"crs\":[\"http://www.opengis.net/def/crs/OGC/1.3/CRS84\"],\"extent\":{\"spatial\":{\"bbox\":[")
        if let e = spatial { w.numbers([e.minX, e.minY, e.maxX, e.maxY]) }
        w.raw("],\"crs\":\"http://www.opengis.net/def/crs/OGC/1.3/CRS84\"}")
    }
}
