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
        var hits: [NearbyHit] = []
        search(state, probe: q.probe, radius: q.radius) { item in
            guard q.layers.contains(item.layer), item.isActive(at: q.at) else { return false }
            if let levels = q.levels { return item.level.map(levels.contains) ?? false }
            return true
        } found: { hits.append($0) }
        hits.sort { ($0.distance, $0.item.layer.rawValue, $0.item.id) < ($1.distance, $1.item.layer.rawValue, $1.item.id) }
        return NearbyResult(query: q, hits: Array(hits.prefix(q.limit)), matched: hits.count)
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

    /// The nearest item `accept` takes within `radius` metres, if any: searched in growing rings, so that a
    /// near answer looks at a few buckets only.
    func nearest(_ state: State, probe: Shape, radius: Double, accept: (HazardItem) -> Bool) -> NearbyHit? {
        for r in [2_000, 8_000, radius] where r <= radius {
            var best: NearbyHit?
            search(state, probe: probe, radius: r, accept: accept) { hit in
                if best.map({ (hit.distance, hit.item.id) < ($0.distance, $0.item.id) }) ?? true { best = hit }
            }
            if best != nil { return best }
        }
        return nil
    }
}
