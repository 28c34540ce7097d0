import Analysis
import GeoKit
import HTTP
import Store

/// `/collections/pipeline_hca` and `/collections/threat_zones`: the computed layers as OGC API – Features
/// collections with items (bbox, limit, paging by `next` links, `at` for the instant), so GDAL's `OAPIF:` driver,
/// QGIS and OWSLib read them as they read a stored layer. These literal paths win over `/collections/{collectionId}`.
struct ComputedCollectionRoutes: LinkingRoutes {
    let publicBase: PublicBase
    let config: ServiceConfig
    let index: HazardIndex
    let extents: LayerExtents

    var endpoints: [Endpoint] {
        ComputedCollection.all.flatMap { c -> [Endpoint] in
            let path = "/collections/" + c.id
            return [
                Endpoint(method: .get, pattern: path, summary: "\(c.title): a computed, read-only collection", tag: "Analysis",
                         query: ["f"], responses: [200: "the collection"]) { [self] request, _, worker in
                    var w = JSONWriter()
                    let seen = extents.generation
                    let spatial = try worker.reader.snapshot { _ in try extents.extents(of: c.base, reader: worker.reader, seen: seen).spatial }
                    writeCollection(c, base: baseURL(request), spatial: spatial, into: &w)
                    return json(w, request)
                },
                Endpoint(method: .get, pattern: path + "/items",
                         summary: "\(c.title) as GeoJSON: bbox, limit, \(c.id == ComputedCollection.pipelineHCA.id ? "offset, grade (the least listed)" : "start (from a next link)"), at",
                         tag: "Analysis", query: c.id == ComputedCollection.pipelineHCA.id ? ["bbox", "limit", "offset", "grade", "at", "f"] : ["bbox", "limit", "start", "at", "f"],
                         responses: [200: "a GeoJSON FeatureCollection", 400: "a parameter is wrong"]) { [self] request, _, _ in
                    c.id == ComputedCollection.pipelineHCA.id ? try hcaItems(request) : try threatZoneItems(request)
                },
            ]
        }
    }

    private func limit(_ request: Request, most: Int) throws -> Int {
        guard let text = request.query["limit"] else { return min(config.defaultLimit, most) }
        guard let v = Int(text), (1...most).contains(v) else { throw HTTPError(.badRequest, "limit must be a whole number from 1 to \(most), not '\(text)'") }
        return v
    }

    private func hcaItems(_ request: Request) throws -> Response {
        let box = try request.query["bbox"].map(ItemsParameters.bbox)
        let limit = try limit(request, most: config.maxLimit)
        let offset = try request.query["offset"].map { text -> Int in
            guard let v = Int(text), v >= 0 else { throw HTTPError(.badRequest, "offset must be a whole number ≥ 0, not '\(text)'") }
            return v
        } ?? 0
        let minGrade = try HCARoutes.grade(request.query["grade"])
        let stretches = try index.pipelineHCAs(meeting: box, at: try AnalysisInput.instant(request.query["at"])).filter { $0.grade >= minGrade }
        let page = stretches.dropFirst(offset).prefix(limit)
        var w = JSONWriter(capacity: 64 * 1024)
        w.raw("{\"type\":\"FeatureCollection\",\"features\":")
        w.array(page.enumerated()) { w, e in HCARoutes.write(e.element, number: offset + e.offset + 1, into: &w) }
        w.raw(",\"numberMatched\":")
        w.number(Int64(stretches.count))
        w.raw(",\"numberReturned\":")
        w.number(Int64(page.count))
        let more = offset + page.count < stretches.count
        pageLinks(request, collection: ComputedCollection.pipelineHCA, next: more ? ("offset", String(offset + limit)) : nil, into: &w)
        return json(w, request, contentType: "application/geo+json")
    }

    /// Threat zones are worked out per page, so a page carries no `numberMatched` and the next begins at a cursor.
    private func threatZoneItems(_ request: Request) throws -> Response {
        let box = try request.query["bbox"].map(ItemsParameters.bbox)
        let limit = try limit(request, most: HazardIndex.maxThreatZones)
        let start = try request.query["start"].map(Self.cursor) ?? HazardIndex.RingCursor(source: 0, ring: 0)
        let page = try index.threatZoneRings(meeting: box, from: start, limit: limit, at: try AnalysisInput.instant(request.query["at"]))
        var w = JSONWriter(capacity: 64 * 1024)
        w.raw("{\"type\":\"FeatureCollection\",\"features\":[")
        w.commaSeparated(page.rings) { w, pair in ThreatZoneRoutes.write(pair.0, pair.1, into: &w) }
        w.raw("],\"numberReturned\":")
        w.number(Int64(page.rings.count))
        pageLinks(request, collection: ComputedCollection.threatZones, next: page.next.map { ("start", "\($0.source).\($0.ring)") }, into: &w)
        return json(w, request, contentType: "application/geo+json")
    }

    /// `start=fid.ring`, as a next link writes it.
    static func cursor(_ text: String) throws -> HazardIndex.RingCursor {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let source = Int64(parts[0]), source >= 0, let ring = Int(parts[1]), (0...2).contains(ring) else {
            throw HTTPError(.badRequest, "start must be fid.ring as a next link gives it (e.g. 120.1), not '\(text)'")
        }
        return HazardIndex.RingCursor(source: source, ring: ring)
    }

    /// The page's links: itself, its collection, and the next page when there is one (`next`: the paging
    /// parameter, offset or start, and where the next page begins).
    private func pageLinks(_ request: Request, collection c: ComputedCollection, next: (name: String, value: String)?, into w: inout JSONWriter) {
        let href = baseURL(request) + "/collections/" + c.id
        // Itself: the request's query as it came (no parameter set).
        var pages = [Link(href + "/items" + FeatureRoutes.queryString(request.query, setting: "", to: nil), "self", "application/geo+json", "this page"),
                     Link(href, "collection", "application/json", c.title)]
        if let next {
            pages.append(Link(href + "/items" + FeatureRoutes.queryString(request.query, setting: next.name, to: next.value), "next",
                              "application/geo+json", "next page"))
        }
        w.raw(",\"links\":")
        links(&w, pages)
        w.raw("}")
    }
}
