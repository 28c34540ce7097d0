import GeoKit

/// A hazard's impact circle: a risk's (its impact radius, else its source's external safety distance, else the
/// default for its level) or an active report's. `level` is 0 for major … 3 for low, or `crowdedSite`: the
/// circle a hazardous-goods vehicle keeps out of round a crowded site.
public struct Hazard: Sendable {
    public static let crowdedSite = 4
    /// How far a hazardous-goods vehicle keeps from a crowded site (the "other sites within 200 m" of the
    /// pipeline HCA rule, PRODUCT.md).
    public static let crowdedSiteRadiusM = 200.0

    public var label: String
    public var level: Int
    public var center: Coordinate
    public var radiusM: Double
    /// The window [from, to) in epoch seconds (nil: open at that end); a hazard with neither is permanent.
    public var from: Int64?
    public var to: Int64?

    public init(label: String, level: Int, center: Coordinate, radiusM: Double, from: Int64? = nil, to: Int64? = nil) {
        self.label = label
        self.level = level
        self.center = center
        self.radiusM = radiusM
        self.from = from
        self.to = to
    }

    var isPermanent: Bool { from == nil && to == nil }
    func isActive(at t: Int64) -> Bool { (from.map { $0 <= t } ?? true) && (to.map { t < $0 } ?? true) }
    func zone(ban: Bool) -> Zone { Zone(.circle(center: center, radiusM: radiusM), ban: ban, label: label) }
}

/// The hazards a route may avoid, laid onto the roads once: each road knows the levels of the permanent
/// circles reaching it (so avoiding a level costs one pass over the roads, whatever the number of circles),
/// and the circles are filed in a grid to name those a route or a point meets. Windowed hazards (temporary
/// risks, reports) are few and are laid per request for the instant asked.
public struct HazardMap: Sendable {
    public let permanent: [Hazard]
    public let windowed: [Hazard]
    /// Bit l is set when a permanent hazard of level l reaches road r.
    let roadLevels: [UInt8]
    /// The permanent hazards' circles, made once.
    let zones: [Zone]
    let grid: BoxGrid

    public init(_ hazards: [Hazard], graph: RoadGraph, segments: SegmentIndex) {
        permanent = hazards.filter(\.isPermanent)
        windowed = hazards.filter { !$0.isPermanent }
        let zones = permanent.map { $0.zone(ban: false) }
        var levels = [UInt8](repeating: 0, count: graph.roadCount)
        for (h, z) in zip(permanent, zones) {
            for r in segments.roads(meeting: z, graph) { levels[Int(r)] |= 1 << UInt8(h.level) }
        }
        roadLevels = levels
        self.zones = zones
        grid = BoxGrid(count: zones.count, perCell: 1, minCellDegrees: 0.001) { zones[$0].bbox }
    }

    /// The permanent hazards of `levels` (a bit set) that segment a–b meets, by index.
    func meeting(_ a: Coordinate, _ b: Coordinate, levels: UInt8, into found: inout Set<Int>) {
        guard levels != 0 else { return }
        let box = BBox(minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y))
        grid.forEach(meeting: box) { i in
            let h = permanent[i]
            if levels & (1 << UInt8(h.level)) != 0, !found.contains(i), zones[i].meets(a, b) { found.insert(i) }
        }
    }

    /// The permanent hazards of `levels` holding p, by index.
    func holding(_ p: Coordinate, levels: UInt8) -> [Int] {
        var found: [Int] = []
        guard levels != 0 else { return found }
        grid.forEach(meeting: BBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y)) { i in
            let h = permanent[i]
            if levels & (1 << UInt8(h.level)) != 0, !found.contains(i), zones[i].contains(p) { found.append(i) }
        }
        return found
    }

    public var memoryBytes: Int { roadLevels.count + grid.memoryBytes + (permanent.count + windowed.count) * 80 + zones.count * 140 }
}

extension SegmentIndex {
    /// The roads a zone meets, each once, found through the index's cells under the zone's box.
    func roads(meeting zone: Zone, _ graph: RoadGraph) -> [Int32] {
        var found: [Int32] = []
        forEachSegment(meeting: zone.bbox) { i in
            let r = pointRoad[i]
            if found.last != r, zone.meets(graph.points[i], graph.points[i + 1]) { found.append(r) }
        }
        found.sort()
        var unique: [Int32] = []
        unique.reserveCapacity(found.count)
        for r in found where unique.last != r { unique.append(r) }
        return unique
    }
}
