import GeoKit
import RiskModel
import Store

/// What a nearby search asks: hazards within `radius` metres of a point or a polygon's edge (inside it: 0).
public struct NearbyQuery: Sendable {
    public var probe: Shape
    public var radius: Double
    public var layers: [HazardLayer]
    /// Only items of these levels (items without a level — pipelines, sites — are then left out); nil: all.
    public var levels: Set<RiskLevel>?
    public var limit: Int
    /// The instant (stored timestamp form) time-windowed items must be active at.
    public var at: String

    public init(probe: Shape, radius: Double, layers: [HazardLayer] = HazardLayer.hazards, levels: Set<RiskLevel>? = nil,
                limit: Int = 100, at: String) {
        (self.probe, self.radius, self.layers, self.levels, self.limit, self.at) = (probe, radius, layers, levels, limit, at)
    }
}

/// One item a nearby search found.
public struct NearbyHit: Sendable {
    public let item: HazardItem
    public let separation: Separation
    public var distance: Double { separation.distance }
    /// The probe lies within the item's impact radius (risks, reports, gas pipelines).
    public var insideImpactRadius: Bool? { item.impactRadius.map { distance <= $0 } }
    /// The probe lies within the risk source's own external safety distance.
    public var insideSafetyDistance: Bool? { item.safetyDistance.map { distance <= $0 } }
}

/// A nearby search's answer: the nearest `limit` hits, and how many were within the radius in all.
public struct NearbyResult: Sendable {
    public let query: NearbyQuery
    public let hits: [NearbyHit]
    public let matched: Int
}

extension HazardIndex {
    /// The items of the query's layers within its radius, nearest first (ties by layer and id), at most
    /// `limit` of them.
    public func nearby(_ q: NearbyQuery) throws -> NearbyResult {
        let state = try current()
        // Ranked on the local plane first; measured on the ellipsoid only for the candidates of the answer (the
        // nearest `limit` and whatever the plane's margin could put among them) and for those near the radius.
        var candidates: [(slot: Int32, onPlane: Double)] = []
        let plane = Self.plane(around: q.probe)
        var wanted = [Bool](repeating: false, count: HazardLayer.allCases.count)
        for l in q.layers { wanted[l.index] = true }
        searchOnPlane(state, probe: q.probe, plane: plane, radius: q.radius, at: q.at) { info in
            guard wanted[info.layer.index] else { return false }
            if let levels = q.levels { return info.level.map(levels.contains) ?? false }
            return true
        } found: { slot, d in candidates.append((Int32(slot), d)) }
        func margin(_ d: Double) -> Double { d * 0.01 + 1 }
        let cut = candidates.count > q.limit ? Self.smallest(q.limit, of: candidates.map(\.onPlane)) : .infinity
        var hits: [NearbyHit] = []
        var matched = 0
        for c in candidates {
            let inRank = c.onPlane <= cut + 2 * margin(cut)
            let nearEdge = abs(c.onPlane - q.radius) <= margin(q.radius)
            if !inRank && !nearEdge {
                if c.onPlane < q.radius { matched += 1 }
                continue
            }
            guard let item = state.items[Int(c.slot)] else { continue }
            let hit = NearbyHit(item: item, separation: Separation.between(q.probe, item.shape, plane: plane))
            guard hit.distance <= q.radius else { continue }
            matched += 1
            if inRank { hits.append(hit) }
        }
        hits.sort { ($0.distance, $0.item.layer.nameOrder, $0.item.id) < ($1.distance, $1.item.layer.nameOrder, $1.item.id) }
        return NearbyResult(query: q, hits: Array(hits.prefix(q.limit)), matched: matched)
    }

    /// Calls `found` with every item `accept` takes whose shape lies within `radius` metres of `probe`.
    func search(_ state: State, probe: Shape, radius: Double, accept: (HazardItem) -> Bool, found: (NearbyHit) -> Void) {
        let b = probe.bbox
        let plane = LocalPlane(origin: Coordinate((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2))
        let (dx, dy) = plane.degrees(radius)
        let box = BBox(minX: b.minX - dx, minY: b.minY - dy, maxX: b.maxX + dx, maxY: b.maxY + dy)
        state.forEach(meeting: box) { item in
            guard accept(item) else { return }
            if let s = Separation.between(probe, item.shape, plane: plane, within: radius), s.distance <= radius {
                found(NearbyHit(item: item, separation: s))
            }
        }
    }

    /// The local plane searches round `probe` measure on.
    static func plane(around probe: Shape) -> LocalPlane {
        let b = probe.bbox
        return LocalPlane(origin: Coordinate((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2))
    }

    /// Like `search`, without measuring on the ellipsoid: `found` gets the slot of each item on the map at `instant`
    /// that `accept` takes by its layer and level and that may lie within `radius` metres, with its distance on
    /// `plane` (within 1 % + 1 m of the geodesic one); the caller measures exactly (`Separation.between` on the same
    /// plane) the few whose answer depends on the exact figure. Boxes, layers and levels are read from flat arrays:
    /// an item is read only for a shape other than a point, or a time window.
    func searchOnPlane(_ state: State, probe: Shape, plane: LocalPlane, radius: Double, at instant: String,
                       accept: (State.SlotInfo) -> Bool, found: (_ slot: Int, _ onPlane: Double) -> Void) {
        let b = probe.bbox
        let (dx, dy) = plane.degrees(radius)
        let box = BBox(minX: b.minX - dx, minY: b.minY - dy, maxX: b.maxX + dx, maxY: b.maxY + dy)
        let reach = radius * 1.01 + 1
        let pointProbe = probe.point != nil
        state.forEachSlot(meeting: box) { slot, itemBox, info in
            // The boxes' gap on the plane: no more than the shapes' distance, and that distance between points.
            let gx = max(itemBox.minX - b.maxX, b.minX - itemBox.maxX, 0) * plane.kx
            let gy = max(itemBox.minY - b.maxY, b.minY - itemBox.maxY, 0) * plane.ky
            let gap = (gx * gx + gy * gy).squareRoot()
            guard gap <= reach, accept(info) else { return }
            let point = itemBox.minX == itemBox.maxX && itemBox.minY == itemBox.maxY
            if info.always && point && pointProbe { return found(slot, gap) }
            guard let item = state.items[slot], info.always || item.isActive(at: instant) else { return }
            let d = point && pointProbe ? gap : Separation.planeDistance(probe, item.shape, plane: plane)
            if d <= reach { found(slot, d) }
        }
    }

    /// The nearest emergency resource whose kind starts with `kindPrefix` within `radius` metres, if any: the
    /// resources alone are looked at, whatever lies round the probe.
    func nearestResource(_ state: State, probe: Shape, radius: Double, kindPrefix: String) -> NearbyHit? {
        let plane = Self.plane(around: probe)
        var best: NearbyHit?
        for slot in state.resources {
            guard let item = state.items[Int(slot)], (item.kind ?? "").hasPrefix(kindPrefix),
                  let s = Separation.between(probe, item.shape, plane: plane, within: radius), s.distance <= radius else { continue }
            if best.map({ (s.distance, item.id) < ($0.distance, $0.item.id) }) ?? true { best = NearbyHit(item: item, separation: s) }
        }
        return best
    }

    /// The `k`-th smallest of `values` (1-based), by selection: no sort of them all.
    static func smallest(_ k: Int, of values: [Double]) -> Double {
        var a = values
        var (lo, hi, target) = (0, a.count - 1, k - 1)
        while lo < hi {
            let pivot = a[(lo + hi) / 2]
            var (i, j) = (lo, hi)
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            if target <= j { hi = j } else if target >= i { lo = i } else { return a[target] }
        }
        return a[target]
    }
}
