import GeoKit
import Store
import Synchronization

/// A layer as vector tiles carry it: which attributes at which zooms, from which zoom its features show, and
/// where each feature stands in the one priority order of every layer (`TilePriority`: the tile budget drops
/// context first and the least severe first, so a red risk never vanishes while a road or a blue risk stays).
/// A class, not a struct: every tile request walks its layers several times, and a copy of a layer is then
/// one retain instead of one per array and string it holds.
public final class TileLayer: Sendable {
    public let name: String
    /// The table the features come from; the risk grid's layer has none (its cells come from GridQuery).
    public let source: LayerSchema?
    /// Whether the layer's features have validity windows (its tiles change as the clock crosses their edges).
    public let windowed: Bool
    public let minZoom: Int
    public let maxZoom: Int
    let attributes: [String]
    /// The attributes tiles below `fullAttributesZoom` carry: those tiles/style.json's layers and filters use.
    /// The viewer's popups fetch the whole feature from /collections/{layer}/items/{id}, so low-zoom tiles
    /// need not carry names and figures nobody draws.
    public let lowZoomAttributes: [String]
    /// From this zoom on tiles carry every attribute (for a client without the API: MBTiles in QGIS, GDAL).
    public let fullAttributesZoom: Int
    /// A feature's priority (higher survives thinning longer), from one of its attributes (`TilePriority`).
    let priority: Rank
    /// The zoom a feature shows from, by one of its attributes (roads: only the bigger classes at low zoom);
    /// nil when every feature shows at every zoom of the layer.
    let minZoomBy: Rank?
    public let description: String

    init(name: String, source: LayerSchema?, minZoom: Int, maxZoom: Int, attributes: [String], lowZoomAttributes: [String],
         fullAttributesZoom: Int, priority: Rank, minZoomBy: Rank?, description: String) {
        self.name = name
        self.source = source
        windowed = source?.timeWindow != nil
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.attributes = attributes
        self.lowZoomAttributes = lowZoomAttributes
        self.fullAttributesZoom = fullAttributesZoom
        self.priority = priority
        self.minZoomBy = minZoomBy
        self.description = description
    }

    /// A number for each value of one attribute; `otherwise` for other values and for none.
    struct Rank: Sendable {
        let field: String
        let ranks: [String: Int]
        let otherwise: Int

        func callAsFunction(_ value: String?) -> Int { value.flatMap { ranks[$0] } ?? otherwise }
    }

    /// The layers drawn from tables.
    public static let all: [TileLayer] = [
        TileLayer(name: "areas", source: Catalog.areas, minZoom: 0, maxZoom: 22, attributes: ["name", "level", "code"],
                  lowZoomAttributes: ["level", "name"], fullAttributesZoom: 12, priority: TilePriority.rank("areas", by: "level"),
                  minZoomBy: Rank(field: "level", ranks: ["city": 0, "district": 0, "park": 0], otherwise: 9),
                  description: "Administrative areas and chemical parks (towns from zoom 9)"),
        TileLayer(name: "roads", source: Catalog.roads, minZoom: 5, maxZoom: 22, attributes: ["name", "class", "oneway", "speed_kmh"],
                  lowZoomAttributes: ["class"], fullAttributesZoom: 14, priority: TilePriority.rank("roads", by: "class"),
                  minZoomBy: Rank(field: "class", ranks: ["motorway": 5, "trunk": 5, "primary": 9, "secondary": 11, "tertiary": 11], otherwise: 13),
                  description: "Road network (motorways and trunks from zoom 5, primary from 9, secondary and tertiary from 11, all from 13)"),
        TileLayer(name: "pipelines", source: Catalog.pipelines, minZoom: 0, maxZoom: 22, attributes: ["name", "kind", "diameter_mm", "maop_mpa", "medium"],
                  lowZoomAttributes: ["kind"], fullAttributesZoom: 12, priority: TilePriority.rank("pipelines", by: "kind"),
                  minZoomBy: nil, description: "Oil, gas and chemical pipelines"),
        TileLayer(name: "sites", source: Catalog.sites, minZoom: 0, maxZoom: 22, attributes: ["name", "category", "capacity", "protection_class"],
                  lowZoomAttributes: ["protection_class"], fullAttributesZoom: 12, priority: TilePriority.rank("sites", by: "protection_class"),
                  minZoomBy: nil, description: "Crowded sites"),
        TileLayer(name: "resources", source: Catalog.resources, minZoom: 0, maxZoom: 22, attributes: ["name", "kind", "capacity"],
                  lowZoomAttributes: ["kind"], fullAttributesZoom: 12, priority: TilePriority.rank("resources", by: "kind"),
                  minZoomBy: nil, description: "Emergency resources"),
        TileLayer(name: "risk_sources", source: Catalog.riskSources, minZoom: 0, maxZoom: 22,
                  attributes: ["name", "sector", "colour", "hazard_grade", "risk_count", "credit_code"],
                  lowZoomAttributes: ["colour", "sector"], fullAttributesZoom: 12, priority: TilePriority.rank("risk_sources", by: "colour"),
                  minZoomBy: nil, description: "Enterprises and units in their risk colour"),
        TileLayer(name: "risks", source: Catalog.risks, minZoom: 0, maxZoom: 22,
                  attributes: ["name", "level", "source_id", "impact_radius_m", "place", "valid_from", "valid_to"],
                  lowZoomAttributes: ["level"], fullAttributesZoom: 12, priority: TilePriority.rank("risks", by: "level"), minZoomBy: nil, description: "Reported risks in four colours"),
        TileLayer(name: "reports", source: Catalog.reports, minZoom: 0, maxZoom: 22,
                  attributes: ["reporter", "activity", "level", "impact_radius_m", "valid_from", "valid_to", "status"],
                  lowZoomAttributes: ["level"], fullAttributesZoom: 12, priority: TilePriority.rank("reports", by: "level"), minZoomBy: nil, description: "Temporary risk reports"),
    ]

    /// The risk heatmap: grid cells at the pyramid level that suits the zoom (at most 64 cells across a tile),
    /// coloured by class; the most severe cells survive thinning. Cells carry every attribute at every zoom: the
    /// grid has no collection to fetch a cell from, so the viewer's popup shows what the tile holds.
    static let grid = TileLayer(name: "grid", source: nil, minZoom: 0, maxZoom: 22,
                                attributes: ["class", "index", "hazard", "exposure", "worst", "risks_major", "risks_significant",
                                             "risks_general", "risks_low", "sites", "level"],
                                lowZoomAttributes: [], fullAttributesZoom: 0, priority: TilePriority.rank("grid", by: "class"), minZoomBy: nil,
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
        if let known = parsedLists.withLock({ $0[list] }) { return known }
        let layers = try parse(list)
        parsedLists.withLock { memo in
            if memo.count >= 256 { memo.removeAll(keepingCapacity: true) }
            memo[list] = layers
        }
        return layers
    }

    /// Lists already parsed: every tile request names one, and a viewer names the same few again and again.
    /// Bounded (emptied when full), since a client may name the layers in any order.
    private static let parsedLists = Mutex<[String: [TileLayer]]>([:])

    private static func parse(_ list: String) throws(TilesError) -> [TileLayer] {
        var asked = [Bool](repeating: false, count: drawingOrder.count)
        for name in list.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            // Layer names are short enough for Swift's small strings: the look-up allocates nothing.
            guard let i = drawingPosition[String(Substring(name))] else {
                throw .unknownLayer(String(Substring(name)), known: drawingOrder.map(\.name))
            }
            asked[i] = true
        }
        return drawingOrder.indices.filter { asked[$0] }.map { drawingOrder[$0] }
    }

    /// Each layer's position in `drawingOrder`, by name.
    private static let drawingPosition = Dictionary(uniqueKeysWithValues: drawingOrder.enumerated().map { ($1.name, $0) })

    /// The tile layer drawn from a table.
    public static func of(_ table: LayerSchema) -> TileLayer? { all.first { $0.source?.name == table.name } }

    /// Attribute names with their TileJSON types (Number, String, Boolean).
    var fieldTypes: [(name: String, type: String)] {
        guard let source else {
            return attributes.map { ($0, ["class", "worst"].contains($0) ? "String" : "Number") }
        }
        return attributes.compactMap { source.field($0) }.map { f in
            (f.name, f.kind == .integer || f.kind == .real ? "Number" : f.kind == .boolean ? "Boolean" : "String")
        }
    }

    /// The thinning rule the TileJSON and docs state.
    public static let thinning = "Each tile holds at most 500 KB and 200,000 features. Past that, features are dropped in one order "
        + "across the layers (each vector layer's riskmap:priority): context first (roads by class, areas, resources, pipelines, "
        + "sites, grid cells), then risk sources, reports and risks from low to major; never a feature while a lower one stays."

    /// A feature's place in the one priority order of every layer (higher is kept longer), by the value of the
    /// attribute the layer ranks by.
    public func priority(of value: String?) -> Int { priority(value) }

    /// The attributes tiles of zoom `z` carry.
    public func attributes(atZoom z: Int) -> [String] {
        z >= fullAttributesZoom ? attributes : attributes.filter(lowZoomAttributes.contains)
    }

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
            w.raw(",\"riskmap:priority\":{\"field\":")
            w.string(l.priority.field)
            w.raw(",\"values\":")
            w.object(l.priority.ranks.sorted { ($0.value, $0.key) < ($1.value, $1.key) }) { w, r in
                w.key(r.key)
                w.number(Int64(r.value))
            }
            w.raw(",\"otherwise\":")
            w.number(Int64(l.priority.otherwise))
            w.raw("},\"riskmap:fields_by_zoom\":")
            let fields = Set(l.fieldTypes.map(\.name))
            let steps = l.fullAttributesZoom <= zooms.lowerBound ? [zooms.lowerBound] : [zooms.lowerBound, l.fullAttributesZoom]
            w.array(steps.filter { $0 <= zooms.upperBound }) { w, z in
                w.raw("{\"minzoom\":")
                w.number(Int64(max(z, l.minZoom)))
                w.raw(",\"fields\":")
                w.strings(l.attributes(atZoom: z).filter(fields.contains))
                w.byte(UInt8(ascii: "}"))
            }
            w.byte(UInt8(ascii: "}"))
        }
    }
}
