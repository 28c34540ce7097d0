import Analysis
import GeoKit
import HTTP
import Store

/// Threat zones per enterprise for planners (`HazardIndex.threatZones`): each ring as a GeoJSON Polygon with what
/// lies inside it. A read, as the layers are.
struct ThreatZoneRoutes: RouteCollection {
    let index: HazardIndex

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/analysis/threat-zones",
                     summary: "Threat zones of one enterprise (source=fid) or of every enterprise in a bbox (at most 500): red (its major and significant risks' largest impact radius), orange (all its risks'), yellow (its external safety distance), each ring with the crowded sites and other major hazards inside it",
                     tag: "Analysis", query: ["source", "bbox", "at"],
                     responses: [200: "a GeoJSON FeatureCollection of Polygons, one per ring", 400: "neither or both of source and bbox, or a bad value",
                                 404: "no such enterprise"]) { [self] request, _, _ in
                let at = try AnalysisInput.instant(request.query["at"])
                let box = try request.query["bbox"].map(ItemsParameters.bbox)
                let source = try request.query["source"].map { text -> Int64 in
                    guard let id = Int64(text), id > 0 else { throw HTTPError(.badRequest, "source must be a risk source's fid") }
                    return id
                }
                guard (source == nil) != (box == nil) else { throw HTTPError(.badRequest, "give either source=fid or bbox=minLon,minLat,maxLon,maxLat") }
                let zones = try index.threatZones(source: source, meeting: box, at: at)
                if let source, zones.isEmpty { throw StoreError.notFound(layer: Catalog.riskSources.name, id: source) }
                var w = JSONWriter(capacity: 64 * 1024)
                w.raw("{\"type\":\"FeatureCollection\",\"numberMatched\":")
                w.number(Int64(zones.count))
                w.raw(",\"features\":[")
                w.commaSeparated(zones.flatMap { z in z.rings.map { (z, $0) } }) { w, pair in Self.write(pair.0, pair.1, into: &w) }
                w.raw("]}")
                return json(w, request, contentType: "application/geo+json")
            },
        ]
    }

    static func write(_ z: ThreatZone, _ ring: ThreatZone.Ring, into w: inout JSONWriter) {
        w.json(.object([
            "type": "Feature", "id": .string("\(z.source.id).\(ring.colour.rawValue)"),
            "geometry": .object(["type": "Polygon", "coordinates": .array([.array(z.polygon(ring).map { .array([.number($0.x), .number($0.y)]) })])]),
            "properties": .object([
                "source": .integer(z.source.id), "name": .string(z.source.name), "colour": .string(ring.colour.rawValue),
                "radius_m": .number((ring.radius * 10).rounded() / 10), "basis": .string(ring.basis),
                "sites": .int(ring.sites.count), "people": .integer(ring.people), "major_hazards": .int(ring.majorHazards.count),
                "inside": .array((ring.sites + ring.majorHazards).prefix(HazardIndex.maxInsideListed).map { hit in
                    .object(["layer": .string(hit.item.layer.rawValue), "fid": .integer(hit.item.id), "name": .string(hit.item.name),
                             "detail": .text(hit.item.layer == .sites ? hit.item.kind : hit.item.hazardGrade.map { "major hazard grade \($0)" }),
                             "capacity": hit.item.capacity.map(JSONValue.integer) ?? .null,
                             "distance_m": .number((hit.distance * 10).rounded() / 10)])
                }),
            ]),
        ]))
    }
}
