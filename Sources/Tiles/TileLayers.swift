import GeoKit
import Store

/// A layer as vector tiles carry it: which attributes, from which zoom, and how severe each feature is (the
/// tile budget drops the least severe first, so a red risk never vanishes while blue ones stay).
public struct TileLayer: Sendable {
    public let name: String
    /// The table the features come from; the risk grid's layer has none (its cells come from GridQuery).
    public let source: LayerSchema?
    public let minZoom: Int
    public let maxZoom: Int
    let attributes: [String]
    /// A feature's priority (higher survives thinning longer), from one of its attributes; nil for the grid,
    /// whose cells rank by their class.
    let priority: Rank?
    /// The zoom a feature shows from, by one of its attributes (roads: only the bigger classes at low zoom);
    /// nil when every feature shows at every zoom of the layer.
    let minZoomBy: Rank?
    public let description: String

    /// A number for each value of one attribute; `otherwise` for other values and for none.
    struct Rank: Sendable {
        let field: String
        let ranks: [String: Int]
        let otherwise: Int

        func callAsFunction(_ value: String?) -> Int { value.flatMap { ranks[$0] } ?? otherwise }
    }

    static let severity = Rank(field: "level", ranks: ["major": 3, "significant": 2, "general": 1], otherwise: 0)

    /// The layers drawn from tables.
    public static let all: [TileLayer] = [
        TileLayer(name: "areas", source: Catalog.areas, minZoom: 0, maxZoom: 22, attributes: ["name", "level", "code"],
                  priority: Rank(field: "level", ranks: ["city": 3, "district": 2, "park": 2], otherwise: 1),
                  minZoomBy: Rank(field: "level", ranks: ["city": 0, "district": 0, "park": 0], otherwise: 9),
                  description: "Administrative areas and chemical parks (towns from zoom 9)"),
        TileLayer(name: "roads", source: Catalog.roads, minZoom: 5, maxZoom: 22, attributes: ["name", "class", "oneway", "speed_kmh"],
                  priority: Rank(field: "class", ranks: ["motorway": 6, "trunk": 5, "primary": 4, "secondary": 3, "tertiary": 2], otherwise: 1),
                  minZoomBy: Rank(field: "class", ranks: ["motorway": 5, "trunk": 5, "primary": 9, "secondary": 11, "tertiary": 11], otherwise: 13),
                  description: "Road network (motorways and trunks from zoom 5, primary from 9, secondary and tertiary from 11, all from 13)"),
        TileLayer(name: "pipelines", source: Catalog.pipelines, minZoom: 0, maxZoom: 22, attributes: ["name", "kind", "diameter_mm", "maop_mpa", "medium"],
                  priority: Rank(field: "kind", ranks: ["gas_transmission": 4, "oil": 3, "product_oil": 3, "chemical": 3], otherwise: 1),
                  minZoomBy: nil, description: "Oil, gas and chemical pipelines"),
        TileLayer(name: "sites", source: Catalog.sites, minZoom: 0, maxZoom: 22, attributes: ["name", "category", "capacity", "protection_class"],
                  priority: Rank(field: "protection_class", ranks: ["high_sensitivity": 3, "important": 2], otherwise: 1),
                  minZoomBy: nil, description: "Crowded sites"),
        TileLayer(name: "resources", source: Catalog.resources, minZoom: 0, maxZoom: 22, attributes: ["name", "kind", "capacity"],
                  priority: Rank(field: "kind", ranks: ["fire_station_1": 2, "fire_station_2": 2, "fire_station_small": 2], otherwise: 1),
                  minZoomBy: nil, description: "Emergency resources"),
        TileLayer(name: "risk_sources", source: Catalog.riskSources, minZoom: 0, maxZoom: 22,
                  attributes: ["name", "sector", "colour", "hazard_grade", "risk_count", "credit_code"],
                  priority: Rank(field: "colour", ranks: ["red": 3, "orange": 2, "yellow": 1], otherwise: 0),
                  minZoomBy: nil, description: "Enterprises and units in their risk colour"),
        TileLayer(name: "risks", source: Catalog.risks, minZoom: 0, maxZoom: 22,
                  attributes: ["name", "level", "source_id", "impact_radius_m", "place", "valid_from", "valid_to"],
                  priority: severity, minZoomBy: nil, description: "Reported risks in four colours"),
        TileLayer(name: "reports", source: Catalog.reports, minZoom: 0, maxZoom: 22,
                  attributes: ["reporter", "activity", "level", "impact_radius_m", "valid_from", "valid_to", "status"],
                  priority: severity, minZoomBy: nil, description: "Temporary risk reports"),
    ]

    /// The risk heatmap: grid cells at the pyramid level that suits the zoom (at most 64 cells across a tile),
    /// coloured by class; the most severe cells survive thinning.
    static let grid = TileLayer(name: "grid", source: nil, minZoom: 0, maxZoom: 22,
                                attributes: ["class", "index", "hazard", "exposure", "worst", "risks_major", "risks_significant",
                                             "risks_general", "risks_low", "sites", "level"],
                                priority: nil, minZoomBy: nil,
                                description: "Risk grid (heatmap): cells of the pyramid level for the zoom, with hazard H, exposure E, index, class and counts")

    /// Every layer in the order a tile holds them and /tiles lists them. A composite is drawn in this order
    /// whatever order it is asked in, so that one set of layers gives one tile (the budget keeps features of
    /// equal priority in the order they were added, so layer order decides which of them a full tile keeps).
    public static let drawingOrder = all + [grid]

    /// Every table layer as a list (what the server warms, `riskmap tiles seed` draws by default and /tiles offers
    /// as one composite).
    public static let allLayers = all.map(\.name).joined(separator: ",")

    /// The layers of a comma-separated list, each once, in drawing order whatever order they were asked in:
    /// `risks,risks`, `sites,risks` and `risks,sites` are one tile, drawn and cached once, with one ETag.
    public static func layers(_ list: String) throws(TilesError) -> [TileLayer] {
        var asked = [Bool](repeating: false, count: drawingOrder.count)
        for name in list.split(separator: ",", omittingEmptySubsequences: false) {
            guard let i = drawingOrder.firstIndex(where: { $0.name == name }) else {
                throw .unknownLayer(String(name), known: drawingOrder.map(\.name))
            }
            asked[i] = true
        }
        return drawingOrder.indices.filter { asked[$0] }.map { drawingOrder[$0] }
    }

    /// The tile layer drawn from a table.
    static func of(_ table: LayerSchema) -> TileLayer? { all.first { $0.source?.name == table.name } }

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
    public static let thinning = "Each tile holds at most 500 KB and 200,000 features. Past that, features are dropped least severe "
        + "first (risks: low, then general, then significant; sources by colour; sites by protection class; roads by class), "
        + "and never a more severe feature while a less severe one stays."

    /// TileJSON's `vector_layers` array for `layers`, with their zooms limited to `zooms`.
    public static func writeVectorLayers(_ layers: [TileLayer], zooms: ClosedRange<Int> = 0...22, into w: inout JSONWriter) {
        w.array(layers) { w, l in
            w.raw("{\"id\":")
            w.string(l.name)
            w.raw(",\"description\":")
            w.string(l.description)
            w.raw(",\"minzoom\":")
            w.number(Int64(max(l.minZoom, zooms.lowerBound)))
            w.raw(",\"maxzoom\":")
            w.number(Int64(min(l.maxZoom, zooms.upperBound)))
            w.raw(",\"fields\":")
            w.object(l.fieldTypes) { w, f in
                w.key(f.name)
                w.string(f.type)
            }
            w.byte(UInt8(ascii: "}"))
        }
    }
}
