import GeoKit
import RiskModel

extension NearbyResult {
    /// The hits as a GeoJSON FeatureCollection (each feature's geometry as stored, its properties what the
    /// search found) with the query echoed under `query` and `numberMatched`/`numberReturned`.
    public func writeGeoJSON(into w: inout JSONWriter) {
        w.raw("{\"type\":\"FeatureCollection\",\"query\":{")
        w.raw("\"geometry\":")
        w.geometry(query.probe.geometry)
        w.raw(",\"radius_m\":")
        w.number(query.radius)
        w.raw(",\"layers\":")
        w.strings(query.layers.map(\.rawValue))
        w.raw(",\"levels\":")
        if let l = query.levels { w.strings(RiskLevel.allCases.filter(l.contains).map(\.rawValue)) } else { w.raw("null") }
        w.raw(",\"limit\":")
        w.number(Int64(query.limit))
        w.raw(",\"at\":")
        w.string(query.at)
        w.raw(",\"distance\":\"geodesic on WGS 84 (Vincenty inverse) between the nearest points; 0 inside a polygon\"}")
        w.raw(",\"numberMatched\":")
        w.number(Int64(matched))
        w.raw(",\"numberReturned\":")
        w.number(Int64(hits.count))
        w.raw(",\"features\":")
        w.array(hits) { w, h in
            w.raw("{\"type\":\"Feature\",\"id\":")
            w.string("\(h.item.layer.rawValue).\(h.item.id)")
            w.raw(",\"geometry\":")
            w.geometry(h.item.shape.geometry)
            w.raw(",\"properties\":")
            h.writeProperties(into: &w)
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "}"))
    }
}

extension NearbyHit {
    public func writeProperties(into w: inout JSONWriter) {
        let i = item
        w.raw("{\"layer\":")
        w.string(i.layer.rawValue)
        w.raw(",\"fid\":")
        w.number(i.id)
        w.raw(",\"name\":")
        w.string(i.name)
        w.raw(",\"kind\":")
        optional(i.kind, &w)
        w.raw(",\"level\":")
        optional(i.level?.rawValue, &w)
        w.raw(",\"colour\":")
        optional(i.colour?.rawValue, &w)
        w.raw(",\"colour_hex\":")
        optional(i.colour?.hex, &w)
        w.raw(",\"distance_m\":")
        w.number((distance * 100).rounded() / 100)
        w.raw(",\"bearing_deg\":")
        if let b = separation.bearing { w.number((b * 10).rounded() / 10) } else { w.raw("null") }
        w.raw(",\"nearest\":")
        w.position(separation.to)
        w.raw(",\"impact_radius_m\":")
        if let r = i.impactRadius { w.number((r * 10).rounded() / 10) } else { w.raw("null") }
        w.raw(",\"inside_impact_radius\":")
        if let b = insideImpactRadius { w.bool(b) } else { w.raw("null") }
        w.raw(",\"safety_distance_m\":")
        if let s = i.safetyDistance { w.number(s) } else { w.raw("null") }
        w.raw(",\"inside_safety_distance\":")
        if let b = insideSafetyDistance { w.bool(b) } else { w.raw("null") }
        if let g = i.hazardGrade { w.raw(",\"hazard_grade\":"); w.number(g) }
        if let c = i.capacity { w.raw(",\"capacity\":"); w.number(c) }
        if let p = i.protectionClass { w.raw(",\"protection_class\":"); w.string(p) }
        if let s = i.sourceID { w.raw(",\"source_id\":"); w.number(s) }
        if i.validFrom != nil || i.validTo != nil {
            w.raw(",\"valid_from\":")
            optional(i.validFrom, &w)
            w.raw(",\"valid_to\":")
            optional(i.validTo, &w)
        }
        w.byte(UInt8(ascii: "}"))
    }

    private func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.raw("null") }
    }
}

extension SiteCheck {
    /// The check as JSON: verdict, reasons with their rules, counts by ring, nearest resources.
    public func writeJSON(site: Geometry, into w: inout JSONWriter) {
        w.raw("{\"verdict\":")
        w.string(verdict.rawValue)
        w.raw(",\"use\":")
        w.string(use)
        w.raw(",\"protection_class\":")
        w.string(protectionClass)
        w.raw(",\"at\":")
        w.string(at)
        w.raw(",\"site\":")
        w.geometry(site)
        w.raw(",\"reasons\":")
        w.array(reasons) { w, r in
            w.raw("{\"verdict\":")
            w.string(r.verdict.rawValue)
            w.raw(",\"reason\":")
            w.string(r.text)
            w.raw(",\"rule\":")
            w.string(r.rule)
            w.raw(",\"item\":")
            if let h = r.hit { h.writeProperties(into: &w) } else { w.raw("null") }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw(",\"counts_within\":")
        w.array(countsWithin) { w, c in
            w.raw("{\"radius_m\":")
            w.number(c.radius)
            for l in RiskLevel.allCases {
                w.raw(",")
                w.key(l.rawValue)
                w.number(Int64(c.byLevel[l] ?? 0))
            }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw(",\"nearest_fire_station\":")
        if let h = nearestFireStation { h.writeProperties(into: &w) } else { w.raw("null") }
        w.raw(",\"nearest_shelter\":")
        if let h = nearestShelter { h.writeProperties(into: &w) } else { w.raw("null") }
        w.raw(",\"distances\":\"straight-line geodesic on WGS 84 (Vincenty inverse); the fire-station test is a straight-line proxy for the 5-minute standard\"}")
    }
}
