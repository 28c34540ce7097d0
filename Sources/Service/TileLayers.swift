import GeoKit
import Store

/// A layer as vector tiles carry it: which attributes, from which zoom, and how severe each feature is (the
/// tile budget drops the least severe first, so a red risk never vanishes while blue ones stay).
struct TileLayer: Sendable {
    let name: String
    /// The table the features come from; the risk grid's layer has none (its cells come from GridQuery).
    let source: LayerSchema?
    let minZoom: Int
    let maxZoom: Int
    let attributes: [String]
    /// SQL expression giving a feature's priority (higher survives thinning longer).
    let prioritySQL: String
    /// An extra SQL condition by zoom (roads: only the bigger classes at low zoom), or nil.
    let zoomFilter: (@Sendable (Int) -> String?)?
    let description: String

    static let severity = "CASE level WHEN 'major' THEN 3 WHEN 'significant' THEN 2 WHEN 'general' THEN 1 ELSE 0 END"

    static let all: [TileLayer] = [
        TileLayer(name: "areas", source: Catalog.areas, minZoom: 0, maxZoom: 22, attributes: ["name", "level", "code"],
                  prioritySQL: "CASE level WHEN 'city' THEN 3 WHEN 'district' THEN 2 WHEN 'park' THEN 2 ELSE 1 END",
                  zoomFilter: { z in z < 9 ? "level IN ('city','district','park')" : nil },
                  description: "Administrative areas and chemical parks (towns from zoom 9)"),
        TileLayer(name: "roads", source: Catalog.roads, minZoom: 5, maxZoom: 22, attributes: ["name", "class", "oneway", "speed_kmh"],
                  prioritySQL: "CASE class WHEN 'motorway' THEN 6 WHEN 'trunk' THEN 5 WHEN 'primary' THEN 4 WHEN 'secondary' THEN 3 WHEN 'tertiary' THEN 2 ELSE 1 END",
                  zoomFilter: { z in
                      switch z {
                      case ..<9: "class IN ('motorway','trunk')"
                      case 9..<11: "class IN ('motorway','trunk','primary')"
                      case 11..<13: "class IN ('motorway','trunk','primary','secondary','tertiary')"
                      default: nil
                      }
                  },
                  description: "Road network (motorways and trunks from zoom 5, primary from 9, secondary and tertiary from 11, all from 13)"),
        TileLayer(name: "pipelines", source: Catalog.pipelines, minZoom: 0, maxZoom: 22, attributes: ["name", "kind", "diameter_mm", "maop_mpa", "medium"],
                  prioritySQL: "CASE kind WHEN 'gas_transmission' THEN 4 WHEN 'oil' THEN 3 WHEN 'product_oil' THEN 3 WHEN 'chemical' THEN 3 ELSE 1 END",
                  zoomFilter: nil, description: "Oil, gas and chemical pipelines"),
        TileLayer(name: "sites", source: Catalog.sites, minZoom: 0, maxZoom: 22, attributes: ["name", "category", "capacity", "protection_class"],
                  prioritySQL: "CASE protection_class WHEN 'high_sensitivity' THEN 3 WHEN 'important' THEN 2 ELSE 1 END",
                  zoomFilter: nil, description: "Crowded sites"),
        TileLayer(name: "resources", source: Catalog.resources, minZoom: 0, maxZoom: 22, attributes: ["name", "kind", "capacity"],
                  prioritySQL: "CASE WHEN kind LIKE 'fire%' THEN 2 ELSE 1 END", zoomFilter: nil, description: "Emergency resources"),
        TileLayer(name: "risk_sources", source: Catalog.riskSources, minZoom: 0, maxZoom: 22,
                  attributes: ["name", "sector", "colour", "hazard_grade", "risk_count", "credit_code"],
                  prioritySQL: "CASE colour WHEN 'red' THEN 3 WHEN 'orange' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END",
                  zoomFilter: nil, description: "Enterprises and units in their risk colour"),
        TileLayer(name: "risks", source: Catalog.risks, minZoom: 0, maxZoom: 22,
                  attributes: ["name", "level", "source_id", "impact_radius_m", "place", "valid_from", "valid_to"],
                  prioritySQL: severity, zoomFilter: nil, description: "Reported risks in four colours"),
        TileLayer(name: "reports", source: Catalog.reports, minZoom: 0, maxZoom: 22,
                  attributes: ["reporter", "activity", "level", "impact_radius_m", "valid_from", "valid_to", "status"],
                  prioritySQL: severity, zoomFilter: nil, description: "Temporary risk reports"),
    ]

    /// The risk heatmap: grid cells at the pyramid level that suits the zoom (at most 64 cells across a tile),
    /// coloured by class; the most severe cells survive thinning.
    static let grid = TileLayer(name: "grid", source: nil, minZoom: 0, maxZoom: 22,
                                attributes: ["class", "index", "hazard", "exposure", "worst", "risks_major", "risks_significant",
                                             "risks_general", "risks_low", "sites", "level"],
                                prioritySQL: "", zoomFilter: nil,
                                description: "Risk grid (heatmap): cells of the pyramid level for the zoom, with hazard H, exposure E, index, class and counts")

    static func named(_ name: String) -> TileLayer? { name == grid.name ? grid : all.first { $0.name == name } }

    /// Attribute names with their TileJSON types (Number, String, Boolean).
    var fieldTypes: [(name: String, type: String)] {
        guard let source else {
            return attributes.map { ($0, ["class", "worst"].contains($0) ? "String" : "Number") }
        }
        return attributes.compactMap { source.field($0) }.map { f in
            (f.name, f.kind == .integer || f.kind == .real ? "Number" : f.kind == .boolean ? "Boolean" : "String")
        }
    }

    /// The severity thinning rule the TileJSON and docs state.
    static let thinning = "Each tile holds at most 500 KB and 200,000 features. Past that, features are dropped least severe "
        + "first (risks: low, then general, then significant; sources by colour; sites by protection class; roads by class), "
        + "and never a more severe feature while a less severe one stays."

    /// TileJSON's `vector_layers` array for `layers`, with their zooms limited to `zooms`.
    static func writeVectorLayers(_ layers: [TileLayer], zooms: ClosedRange<Int> = 0...22, into w: inout JSONWriter) {
        w.byte(UInt8(ascii: "["))
        for (i, l) in layers.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"id\":")
            w.string(l.name)
            w.raw(",\"description\":")
            w.string(l.description)
            w.raw(",\"minzoom\":")
            w.number(Int64(max(l.minZoom, zooms.lowerBound)))
            w.raw(",\"maxzoom\":")
            w.number(Int64(min(l.maxZoom, zooms.upperBound)))
            w.raw(",\"fields\":{")
            for (j, f) in l.fieldTypes.enumerated() {
                if j > 0 { w.byte(UInt8(ascii: ",")) }
                w.key(f.name)
                w.string(f.type)
            }
            w.raw("}}")
        }
        w.byte(UInt8(ascii: "]"))
    }
}
