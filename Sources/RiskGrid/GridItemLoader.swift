import RiskModel
import GeoKit
import Store

/// Reads grid items straight from the layer tables (columns and geometry blobs, no `Feature` per row).
enum GridItemLoader {
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
    static let layers = [Catalog.risks, Catalog.sites, Catalog.pipelines, Catalog.reports]

    /// The layer's items of `selection`; with `near`, only those whose index box meets that lon/lat box.
    static func items(_ layer: LayerSchema, _ selection: Selection, config: RiskModelConfig, near: BBox? = nil,
                      _ db: Connection) throws -> [GridItem] {
        try rows(layer, selection, config: config, near: near, db).map(\.item)
    }

    /// Like `items`, with each item's window.
    static func rows(_ layer: LayerSchema, _ selection: Selection, config: RiskModelConfig, near: BBox? = nil,
                     _ db: Connection) throws -> [Windowed] {
        let columns: String
        switch layer.name {
        case Catalog.risks.name: columns = "fid, level, impact_radius_m, NULL, NULL, NULL, NULL, geom, valid_from, valid_to"
        case Catalog.reports.name: columns = "fid, level, impact_radius_m, NULL, NULL, NULL, status, geom, valid_from, valid_to"
        case Catalog.sites.name: columns = "fid, NULL, NULL, capacity, protection_class, NULL, NULL, geom, valid_from, valid_to"
        case Catalog.pipelines.name: columns = "fid, NULL, NULL, NULL, NULL, kind, NULL, geom, NULL, NULL"
        default: return []
        }
        var filter = "geom IS NOT NULL"
        var values: [Value] = []
        switch (selection, layer.timeWindow) {
        case (.permanent, nil):
            break
        case (.permanent, .some):
            // Reports always carry a window: none of them is permanent.
            if layer.name == Catalog.reports.name { return [] }
            filter += " AND valid_from IS NULL AND valid_to IS NULL"
        case (.activeWindowed, nil), (.windowed, nil):
            return []
        case (.windowed, .some):
            filter += " AND (valid_from IS NOT NULL OR valid_to IS NOT NULL)"
        case (.activeWindowed(let at), .some):
            // Two index ranges (SQLite's multi-index OR over risks_window, sites_window, reports_window): windows
            // that have begun, and windows open at the start; permanent rows (both NULL) are in neither.
            filter += " AND ((valid_from <= ?1 AND (valid_to IS NULL OR valid_to > ?1)) OR (valid_from IS NULL AND valid_to > ?1))"
            values = [.text(at)]
        }
        if let near {
            filter += " AND fid IN (SELECT pkid FROM idx_\(layer.name)_geom WHERE xmax >= ?2 AND xmin <= ?4 AND ymax >= ?3 AND ymin <= ?5)"
            if values.isEmpty { values = [.null] }
            values += [.real(near.minX), .real(near.minY), .real(near.maxX), .real(near.maxY)]
        }
        // No ORDER BY: it would make SQLite scan the table in id order instead of using the window index, and
        // integer sums do not depend on the order.
        let s = try db.cached("SELECT \(columns) FROM \(layer.name) WHERE \(filter)")
        try s.bind(values)
        defer { s.reset() }
        var out: [Windowed] = []
        while try s.step() {
            let g = try s.withBlob(7) { try SpatiaLiteBlob.decode($0).geometry }
            let item = GridItem.make(layer: layer.name, id: s.int64(0), geometry: g, config: config,
                                     level: s.text(1), radius: s.isNull(2) ? nil : s.double(2),
                                     capacity: s.isNull(3) ? nil : s.int64(3), protection: s.text(4), kind: s.text(5), status: s.text(6))
            if let item { out.append(Windowed(item: item, from: s.text(8), to: s.text(9))) }
        }
        return out
    }

    /// True when a stored feature of `layer` has a time window, so it belongs to the overlay, not the stored grid.
    static func isWindowed(_ f: Feature, layer: LayerSchema) -> Bool {
        guard let w = layer.timeWindow else { return false }
        return layer.name == Catalog.reports.name || !f[w.from].isNull || !f[w.to].isNull
    }
}
