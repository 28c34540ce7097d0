import GeoKit
import RiskModel
import Store

extension AreaFigures {
    /// Where one feature lies and what it is counted by.
    struct Placement {
        var value: String?
        var areas: [Int64] = []
        var from: String?
        var to: String?

        var isWindowed: Bool { from != nil || to != nil }

        /// The window test of the summaries' SQL: stored timestamps, whose text order is time order; half-open.
        func isActive(at instant: String) -> Bool {
            (from.map { $0 <= instant } ?? true) && (to.map { $0 > instant } ?? true)
        }
    }

    /// One layer's features counted per area by the values of a field: permanent features as counts, those
    /// with a time window kept apart, since whether they count depends on the instant asked.
    struct Counted {
        let layer: LayerSchema
        let field: String
        var placements: [Int64: Placement] = [:]
        var permanent: [Int64: [String: Int]] = [:]
        var windowed: [Int64: Set<Int64>] = [:]

        init(_ layer: LayerSchema, by field: String) {
            self.layer = layer
            self.field = field
        }

        /// Reads the features of `ids` again (all of them, or those that may have changed, deleted ones among
        /// them, read as absent).
        mutating func reload(_ ids: IDSelection, _ db: Connection) throws {
            var found: [Int64: Placement] = [:]
            try db.areaPlacements(of: layer, field: field, ids: ids) { id, value, from, to, area in
                found[id, default: Placement(value: value, from: from, to: to)].areas.append(area)
            }
            switch ids {
            case .all: break
            case .one(let id): remove(id)
            case .range(let r): for id in placements.keys where r.contains(id) { remove(id) }
            }
            for (id, p) in found { add(id, p) }
        }

        private mutating func add(_ id: Int64, _ p: Placement) {
            remove(id)
            placements[id] = p
            for a in p.areas {
                if p.isWindowed { windowed[a, default: []].insert(id) } else { permanent[a, default: [:]][p.value ?? "", default: 0] += 1 }
            }
        }

        private mutating func remove(_ id: Int64) {
            guard let p = placements.removeValue(forKey: id) else { return }
            for a in p.areas {
                if p.isWindowed { windowed[a]?.remove(id) } else { permanent[a]?[p.value ?? "", default: 0] -= 1 }
            }
        }

        /// Area `area`'s features valid at `instant` (a stored timestamp), by value.
        func counts(in area: Int64, at instant: String) -> [String: Int] {
            var out = (permanent[area] ?? [:]).filter { $0.value != 0 }
            for id in windowed[area] ?? [] {
                if let p = placements[id], p.isActive(at: instant) { out[p.value ?? "", default: 0] += 1 }
            }
            return out
        }
    }

    /// Pipelines' lengths inside each area; an area's total is summed in pipeline id order, so that it is
    /// the same however the pipelines came and went.
    struct Lengths {
        var byPipeline: [Int64: [(area: Int64, metres: Double)]] = [:]
        var inArea: [Int64: Set<Int64>] = [:]
        var km: [Int64: Double] = [:]

        mutating func reload(_ ids: IDSelection, _ db: Connection) throws {
            var found: [Int64: [(area: Int64, metres: Double)]] = [:]
            try db.pipelineLengths(ids: ids) { id, area, metres in found[id, default: []].append((area, metres)) }
            var touched = Set<Int64>()
            let gone: [Int64] = switch ids {
            case .all: []
            case .one(let id): [id]
            case .range(let r): byPipeline.keys.filter { r.contains($0) }
            }
            for id in gone {
                for part in byPipeline.removeValue(forKey: id) ?? [] {
                    inArea[part.area]?.remove(id)
                    touched.insert(part.area)
                }
            }
            for (id, parts) in found {
                byPipeline[id] = parts
                for part in parts {
                    inArea[part.area, default: []].insert(id)
                    touched.insert(part.area)
                }
            }
            for area in touched {
                var metres = 0.0
                for id in (inArea[area] ?? []).sorted() {
                    for part in byPipeline[id] ?? [] where part.area == area { metres += part.metres }
                }
                km[area] = metres / 1000
            }
        }
    }

    /// An area's hottest cells for one stretch of time between window edges (`GridQuery.period`).
    struct Hottest {
        let period: String
        let count: Int
        let cells: [GridQuery.Cell]
        let classes: CellClassCount
    }

    /// Everything the figures hold, built in one snapshot and then changed by each write.
    struct State {
        var areas: [Int64: Connection.Area] = [:]
        var byLevel: [String: [Int64]] = [:]
        var enterprises = Counted(Catalog.riskSources, by: "colour")
        var risks = Counted(Catalog.risks, by: "level")
        var sites = Counted(Catalog.sites, by: "category")
        var pipelines = Lengths()
        var hottest: [Int64: Hottest] = [:]
        /// The generation at which each area's hottest cells were last dropped: cells read from a snapshot
        /// older than that are not kept.
        var hottestDropped: [Int64: UInt64] = [:]
        /// The generation the state was built at: cells read from an older snapshot are not kept either.
        let builtAt: UInt64

        init(_ db: Connection, generation: UInt64) throws {
            builtAt = generation
            for a in try db.areas() {
                areas[a.id] = a
                byLevel[a.level, default: []].append(a.id)
            }
            try enterprises.reload(.all, db)
            try risks.reload(.all, db)
            try sites.reload(.all, db)
            try pipelines.reload(.all, db)
        }

        /// Applies one layer's changed features (`ids`); false when the state cannot follow (the areas
        /// themselves changed) and must be built again.
        mutating func apply(_ layer: LayerSchema, _ ids: IDSelection, _ db: Connection) throws -> Bool {
            switch layer.name {
            case Catalog.areas.name: return false
            case Catalog.riskSources.name: try enterprises.reload(ids, db)
            case Catalog.risks.name: try risks.reload(ids, db)
            case Catalog.sites.name: try sites.reload(ids, db)
            case Catalog.pipelines.name: try pipelines.reload(ids, db)
            default: break
            }
            return true
        }

        /// Whether hottest cells read from a snapshot taken at `generation` may be kept for area `id`.
        func keepsHottest(of id: Int64, readAt generation: UInt64) -> Bool {
            builtAt <= generation && (hottestDropped[id] ?? 0) <= generation
        }

        /// Forgets the hottest cells of the areas whose box meets `reach` (every area's when nil).
        mutating func dropHottest(meeting reach: BBox?, generation: UInt64) {
            for (id, a) in areas where reach.map({ a.shape.bbox.intersects($0) }) ?? true {
                hottest[id] = nil
                hottestDropped[id] = generation
            }
        }
    }
}
