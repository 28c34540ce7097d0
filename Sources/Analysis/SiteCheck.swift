import GeoKit
import RiskModel
import Store

/// A site check's answer: what the proposed use at a point or parcel meets, and the verdict.
public struct SiteCheck: Sendable {
    public enum Verdict: String, Sendable { case conflict, caution, clear }

    /// One finding: what, about which item, the distance, and the rule behind it.
    public struct Reason: Sendable {
        public let verdict: Verdict
        public let text: String
        public let rule: String
        public let hit: NearbyHit?
    }

    public let use: String
    public let protectionClass: String
    public let at: String
    public let verdict: Verdict
    public let reasons: [Reason]
    /// Risks and active temporary reports by level within each ring (metres → level → count).
    public let countsWithin: [(radius: Double, byLevel: [RiskLevel: Int])]
    public let nearestFireStation: NearbyHit?
    public let nearestShelter: NearbyHit?
}

/// A site check's input was refused: the message names what is wrong.
public struct AnalysisInputError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension HazardIndex {
    /// How far a site check looks for a fire station or shelter (metres).
    public static let resourceSearchM = 50_000.0

    /// Checks `use` at `site` (a point or polygon) at `at` (stored timestamp form) under `rules`.
    public func siteCheck(site: Shape, use: String, at: String, rules: SiteRules = .standard) throws -> SiteCheck {
        guard let cls = rules.classByUse[use] else {
            throw AnalysisInputError("use '\(use)' is not known; use one of \(rules.classByUse.keys.sorted().joined(separator: ", "))")
        }
        let state = try current()
        var reasons: [SiteCheck.Reason] = []
        let reach = max(rules.countRingsM.max() ?? 0, Self.farReach)
        let rings = rules.countRingsM
        // Per ring, per level (by rank): plain arrays in the loop, the answer's dictionaries at the end.
        var tally = [[Int]](repeating: [Int](repeating: 0, count: RiskLevel.allCases.count), count: rings.count)
        // Measured on the local plane; exactly (on the ellipsoid) only where the answer depends on it: an item near
        // a ring's or its own threshold, or one that gives a reason (whose distance is reported). A check meets
        // thousands of items within 5 km, and the geodesic of each cost most of it.
        let plane = Self.plane(around: site)
        // Sites and resources neither count nor have a distance the use must keep.
        func consider(_ item: HazardItem, _ onPlane: Double) {
            let counted = (item.layer == .risks || item.layer == .reports) && item.level != nil
            let limit: Double? = switch item.layer {
            case .riskSources: item.safetyDistance ?? item.level.flatMap { rules.defaultSafetyDistanceM[cls]?[$0] }
            case .risks, .reports, .pipelines: item.impactRadius
            case .sites, .resources: nil
            }
            let thresholds = (counted ? rings : []) + (limit.map { [$0] } ?? [])
            let near = thresholds.contains { abs(onPlane - $0) <= $0 * 0.01 + 1 } || limit.map { onPlane <= $0 } ?? false
            let hit = near ? NearbyHit(item: item, separation: Separation.between(site, item.shape, plane: plane)) : nil
            let distance = hit?.distance ?? onPlane
            if counted, let level = item.level {
                for i in rings.indices where distance <= rings[i] { tally[i][level.rank] += 1 }
            }
            guard let hit, let limit, limit > 0, distance <= limit else { return }
            let d = Self.metres(distance)
            switch item.layer {
            case .riskSources:
                let own = item.safetyDistance
                reasons.append(.init(verdict: .conflict,
                                     text: "\(d) from \(item.name) (risk source \(item.id)), inside its \(own == nil ? "default " : "")external safety distance of \(Self.metres(limit))",
                                     rule: own == nil
                                        ? "GB 36894-2018 / GB/T 37243-2019 external safety distance; riskmap's default for a \(item.level!.rawValue) source and \(cls) targets"
                                        : "GB 36894-2018 / GB/T 37243-2019 external safety distance (the source's own)",
                                     hit: hit))
            case .risks, .reports:
                reasons.append(.init(verdict: .caution,
                                     text: "inside the \(Self.metres(limit)) impact radius of \(item.level?.rawValue ?? "") \(item.layer == .risks ? "risk" : "temporary report") \(item.name) (\(item.layer.rawValue) \(item.id)), \(d) away",
                                     rule: "impact radius (the item's own, or the risk model's default for its level; docs/RISK-MODEL.md)", hit: hit))
            case .pipelines:
                let v: SiteCheck.Verdict = rules.pipelineConflictClasses.contains(cls) ? .conflict : .caution
                reasons.append(.init(verdict: v,
                                     text: "\(d) from gas pipeline \(item.name.isEmpty ? String(item.id) : item.name) (pipelines \(item.id)), inside its potential impact radius of \(Self.metres(limit))",
                                     rule: "GB 32167-2015 / ASME B31.8S potential impact radius r = 0.099·d·√p; a \(cls) site inside it makes the stretch a high-consequence area",
                                     hit: hit))
            case .sites, .resources:
                return
            }
        }
        searchOnPlane(state, probe: site, plane: plane, radius: reach, at: at) { $0.layer != .resources && $0.layer != .sites } found: { slot, onPlane in
            if let item = state.items[slot] { consider(item, onPlane) }
        }
        // A hazard whose own distance reaches farther than the search (a safety distance or impact radius of
        // kilometres) is looked at wherever it lies.
        for slot in state.farReaching {
            guard let item = state.items[Int(slot)], item.isActive(at: at) else { continue }
            let onPlane = Separation.planeDistance(site, item.shape, plane: plane)
            if onPlane > reach * 1.01 + 1 { consider(item, onPlane) }
        }
        reasons.sort { a, b in
            guard let x = a.hit, let y = b.hit else { return a.hit != nil && b.hit == nil }
            return (x.distance, x.item.layer.nameOrder, x.item.id) < (y.distance, y.item.layer.nameOrder, y.item.id)
        }
        let fire = nearestResource(state, probe: site, radius: Self.resourceSearchM, kindPrefix: "fire_station")
        let shelter = nearestResource(state, probe: site, radius: Self.resourceSearchM, kindPrefix: "shelter")
        if fire.map({ $0.distance > rules.fireStationProxyM }) ?? true {
            reasons.append(.init(verdict: .caution,
                                 text: fire.map { "nearest fire station \($0.item.name) is \(Self.metres($0.distance)) away in a straight line, beyond \(Self.metres(rules.fireStationProxyM))" }
                                    ?? "no fire station within \(Self.metres(Self.resourceSearchM))",
                                 rule: "GB 51080-2015 5-minute response, as a straight-line proxy (no road routing yet)", hit: fire))
        }
        if shelter.map({ $0.distance > rules.shelterM }) ?? true {
            reasons.append(.init(verdict: .caution,
                                 text: shelter.map { "nearest shelter \($0.item.name) is \(Self.metres($0.distance)) away, beyond \(Self.metres(rules.shelterM))" }
                                    ?? "no shelter within \(Self.metres(Self.resourceSearchM))",
                                 rule: "GB 50413-2007 emergency shelter service radius 500 m (straight line)", hit: shelter))
        }
        let verdict: SiteCheck.Verdict = reasons.contains { $0.verdict == .conflict } ? .conflict : reasons.isEmpty ? .clear : .caution
        return SiteCheck(use: use, protectionClass: cls, at: at, verdict: verdict,
                         reasons: reasons.filter { $0.verdict == .conflict } + reasons.filter { $0.verdict == .caution },
                         countsWithin: rings.indices.map { i in
                             (rings[i], Dictionary(uniqueKeysWithValues: RiskLevel.allCases.filter { tally[i][$0.rank] > 0 }.map { ($0, tally[i][$0.rank]) }))
                         },
                         nearestFireStation: fire, nearestShelter: shelter)
    }

    static func metres(_ m: Double) -> String {
        m >= 1_000 ? "\(Double(Int((m / 10).rounded())) / 100) km" : "\(Double(Int((m * 10).rounded())) / 10) m"
    }
}
