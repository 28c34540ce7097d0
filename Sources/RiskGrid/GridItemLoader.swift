import RiskModel
import GeoKit
import Store

/// Reads grid items straight from the layer tables (columns and geometry blobs, no `Feature` per row).
public enum GridItemLoader {
    /// Which features: the permanent ones (no time window; the stored grid) or those with a window that holds
    /// instant `at` (the overlay; windows are half-open, [valid_from, valid_to)).
    enum Selection {
        case permanent
        case activeWindowed(at: String)
        /// Every item with a window, whatever the instant (`GridQuery`'s overlay cache).
        case windowed
    }

    /// An item with its time window (stored timestamps, whose text order is time order; nil is open).
    struct Windowed {
        var item: GridItem
        let from: String?
        let to: String?

        func isActive(at instant: String) -> Bool {
            (from.map { $0 <= instant } ?? true) && (to.map { $0 > instant } ?? true)
        }
    }

    /// The layers the grid counts.
    public static let layers = [Catalog.risks, Catalog.sites, Catalog.pipelines, Catalog.reports]

    /// The layer's items of `selection`; with `near`, only those whose index box meets that lon/lat box.
    static func items(_ layer: LayerSchema, _ selection: Selection, config: RiskModelConfig, near: BBox? = nil,
                      _ db: Connection) throws -> [GridItem] {
        try rows(layer, selection, config: config, near: near, db).map(\.item)
    }

    /// Like `items`, with each item's window.
    static func rows(_ layer: LayerSchema, _ selection: Selection, config: RiskModelConfig, near: BBox? = nil,
                     _ db: Connection) throws -> [Windowed] {
        let fields: [String]
        switch layer.name {
        case Catalog.risks.name: fields = ["level", "impact_radius_m", "valid_from", "valid_to"]
        case Catalog.reports.name: fields = ["level", "impact_radius_m", "valid_from", "valid_to", "status"]
        case Catalog.sites.name: fields = ["capacity", "protection_class", "valid_from", "valid_to"]
        case Catalog.pipelines.name: fields = ["kind"]
        default: return []
        }
        let window: WindowSelection = switch selection {
        case .permanent: .permanent
        case .windowed: .windowed
        case .activeWindowed(let at): .activeAt(at)
        }
        let level = fields.firstIndex(of: "level"), radius = fields.firstIndex(of: "impact_radius_m")
        let capacity = fields.firstIndex(of: "capacity"), protection = fields.firstIndex(of: "protection_class")
        let kind = fields.firstIndex(of: "kind"), status = fields.firstIndex(of: "status")
        let from = fields.firstIndex(of: "valid_from"), to = fields.firstIndex(of: "valid_to")
        var out: [Windowed] = []
        try db.scan(layer, fields: fields, window: window, near: near) { row in
            let g = try row.withGeometry { try SpatiaLiteBlob.decode($0).geometry }
            let item = GridItem.make(layer: layer.name, id: row.id, geometry: g, config: config,
                                     level: level.flatMap(row.text), radius: radius.flatMap(row.double),
                                     capacity: capacity.flatMap(row.int64), protection: protection.flatMap(row.text),
                                     kind: kind.flatMap(row.text), status: status.flatMap(row.text))
            if let item { out.append(Windowed(item: item, from: from.flatMap(row.text), to: to.flatMap(row.text))) }
        }
        return out
    }

    /// True when a stored feature of `layer` has a time window, so it belongs to the overlay, not the stored grid.
    static func isWindowed(_ f: Feature, layer: LayerSchema) -> Bool {
        guard let w = layer.timeWindow else { return false }
        return layer.name == Catalog.reports.name || !f[w.from].isNull || !f[w.to].isNull
    }
}
