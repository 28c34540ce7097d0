import Foundation
import GeoKit
import RiskModel

/// Threat zones per enterprise, in the manner of ALOHA/MARPLOT's red, orange and yellow zones but from the data
/// riskmap holds (docs/API.md, "Threat zones"): rings round the enterprise's point —
/// - red: the largest impact radius of its major and significant risks (where harm is expected);
/// - orange: the largest impact radius of all its risks, when larger;
/// - yellow: its external safety distance (its own, else riskmap's default for its level and general
///   protected targets, `SiteRules`), when larger still —
/// each with what lies inside it: crowded sites (with their capacity) and other major hazards (the domino
/// neighbours), nearest first.
public struct ThreatZone: Sendable {
    public struct Ring: Sendable {
        public let colour: RiskColour
        public let radius: Double
        /// What gave the radius: `risk 123`, `safety distance`, `default safety distance`.
        public let basis: String
        public let sites: [NearbyHit]
        public let majorHazards: [NearbyHit]
        public var people: Int64 { sites.reduce(0) { $0 + ($1.item.capacity ?? 0) } }
    }

    public let source: HazardItem
    public let centre: Coordinate
    public let rings: [Ring]

    /// A ring as a polygon of `vertices` points round the centre (on the local plane: within a few metres at
    /// the radii of safety distances).
    public func polygon(_ ring: Ring, vertices: Int = 72) -> [Coordinate] {
        let plane = LocalPlane(origin: centre)
        var out: [Coordinate] = []
        for i in 0...vertices {
            let a = Double(i % vertices) / Double(vertices) * 2 * .pi
            out.append(plane.unproject(ring.radius * sin(a), ring.radius * cos(a)))
        }
        return out
    }
}

extension HazardIndex {
    /// At most this many enterprises' zones per answer (a box asks for those inside it).
    public static let maxThreatZones = 500
    /// Crowded sites and major hazards listed per ring at most (all are counted).
    public static let maxInsideListed = 50

    /// The zones of risk source `source`, or of every risk source meeting `box` (at most `maxThreatZones`, by id),
    /// at instant `at` (time-windowed risks count inside their window).
    public func threatZones(source: Int64? = nil, meeting box: BBox? = nil, at: String, rules: SiteRules = .standard) throws -> [ThreatZone] {
        let state = try current()
        var sources: [HazardItem] = []
        if let source {
            if let slot = state.slots[State.Key(layer: .riskSources, id: source)], let item = state.items[slot] { sources.append(item) }
        } else {
            sources = Self.sources(meeting: box, state).prefix(Self.maxThreatZones).map { $0 }
        }
        return sources.map { zone(of: $0, state, at: at, rules: rules) }
    }

    /// Where a page of rings begins: the `ring`-th ring of the first risk source whose id is `source` or more.
    public struct RingCursor: Sendable, Equatable {
        public var source: Int64
        public var ring: Int
        public init(source: Int64, ring: Int) { (self.source, self.ring) = (source, ring) }
    }

    /// At most `limit` rings of the risk sources meeting `box`, in id then ring order from `start`, and where the
    /// next page begins (nil: none). Only the zones on the page (and one more, to know) are worked out, so a
    /// client can walk the whole city's rings page by page.
    public func threatZoneRings(meeting box: BBox?, from start: RingCursor, limit: Int, at: String,
                                rules: SiteRules = .standard) throws -> (rings: [(ThreatZone, ThreatZone.Ring)], next: RingCursor?) {
        let state = try current()
        var page: [(ThreatZone, ThreatZone.Ring)] = []
        for source in Self.sources(meeting: box, state) where source.id >= start.source {
            let zone = zone(of: source, state, at: at, rules: rules)
            for (k, ring) in zone.rings.enumerated() where source.id > start.source || k >= start.ring {
                if page.count == limit { return (page, RingCursor(source: source.id, ring: k)) }
                page.append((zone, ring))
            }
        }
        return (page, nil)
    }

    /// The risk sources meeting `box` (nil: all), by id.
    private static func sources(meeting box: BBox?, _ state: State) -> [HazardItem] {
        var sources: [HazardItem] = []
        state.forEach(meeting: box ?? BBox(minX: -180, minY: -90, maxX: 180, maxY: 90)) { item in
            if item.layer == .riskSources { sources.append(item) }
        }
        return sources.sorted { $0.id < $1.id }
    }

    private func zone(of source: HazardItem, _ state: State, at: String, rules: SiteRules) -> ThreatZone {
        let g = source.shape.geometry
        let centre: Coordinate = if case .point(let p) = g { p } else { LabelPoint.of(g) ?? g.bbox.center }
        // Its risks: those naming it, within the largest radius any risk may have of it (they may lie apart).
        var red: (Double, String)?, orange: (Double, String)?
        search(state, probe: source.shape, radius: 20_000) { $0.layer == .risks && $0.sourceID == source.id && $0.isActive(at: at) } found: { hit in
            guard let r = hit.item.impactRadius, let level = hit.item.level else { return }
            let basis = "risk \(hit.item.id)"
            if level == .major || level == .significant, r > red?.0 ?? 0 { red = (r, basis) }
            if r > orange?.0 ?? 0 { orange = (r, basis) }
        }
        let defaultDistance = source.level.flatMap { rules.defaultSafetyDistanceM["general_1"]?[$0] }
        let yellow: (Double, String)? = source.safetyDistance.map { ($0, "safety distance") } ?? defaultDistance.map { ($0, "default safety distance") }
        var rings: [ThreatZone.Ring] = []
        var inner = 0.0
        for (colour, ring) in [(RiskColour.red, red), (.orange, orange), (.yellow, yellow)] {
            guard let (radius, basis) = ring, radius > inner else { continue }
            inner = radius
            var sites: [NearbyHit] = [], hazards: [NearbyHit] = []
            search(state, probe: Shape(.point(centre)), radius: radius) { item in
                (item.layer == .sites && item.isActive(at: at)) || (item.layer == .riskSources && item.hazardGrade != nil && item.id != source.id)
            } found: { hit in
                if hit.item.layer == .sites { sites.append(hit) } else { hazards.append(hit) }
            }
            for i in [0, 1] {
                let order: (NearbyHit, NearbyHit) -> Bool = { ($0.distance, $0.item.id) < ($1.distance, $1.item.id) }
                if i == 0 { sites.sort(by: order) } else { hazards.sort(by: order) }
            }
            rings.append(ThreatZone.Ring(colour: colour, radius: radius, basis: basis, sites: sites, majorHazards: hazards))
        }
        return ThreatZone(source: source, centre: centre, rings: rings)
    }
}
