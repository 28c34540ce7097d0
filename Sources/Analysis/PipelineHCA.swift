import Foundation
import GeoKit
import Store

/// High-consequence areas of gas pipelines (GB 32167-2015, ASME B31.8S), as riskmap identifies them from the data
/// it holds: the stretches of a natural-gas pipeline whose potential impact circle (r = 0.099·d·√p around each
/// point of the pipe) reaches a particular site, or whose 200 m band reaches another crowded site, merged from the
/// first such stretch to the last where they overlap, each graded by the most serious grade of the sites that made
/// it (`HCAGrades`). Computed from the nearby index (`HazardIndex`), which follows every write, so an edit of a
/// pipeline or a site shows in the next answer.
public struct HCAStretch: Sendable {
    public struct Site: Sendable {
        public let id: Int64
        public let name: String
        public let category: String
        /// Metres from the pipe's nearest point.
        public let distance: Double
        public let grade: Int
    }

    public let pipelineID: Int64
    public let pipelineName: String
    public let kind: String
    public let impactRadius: Double
    /// Where the stretch begins and ends, in metres along the pipeline from its first point.
    public let from: Double
    public let to: Double
    /// 1, 2 or 3 (Ⅰ, Ⅱ, Ⅲ).
    public let grade: Int
    public let line: [Coordinate]
    public let sites: [Site]

    public var length: Double { to - from }
}

/// Which sites make a high-consequence area and of which grade: a configurable table (a simplified reading of
/// GB 32167-2015's identification; docs/PLANNERS.md). A site's grade is that of the first rule its category matches:
/// within the impact radius (`withinMetres` nil) or a fixed band.
public struct HCAGrades: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var grade: Int
        /// Site categories (nil: every category).
        public var categories: Set<String>?
        /// Nil: within the pipeline's potential impact radius.
        public var withinMetres: Double?
    }

    public var rules: [Rule]

    public static let standard = HCAGrades(rules: [
        Rule(grade: 3, categories: ["hospital", "school", "kindergarten", "elderly_care"], withinMetres: nil),
        Rule(grade: 2, categories: ["mall", "market", "stadium", "station", "event_venue", "temporary_event"], withinMetres: nil),
        Rule(grade: 1, categories: nil, withinMetres: 200),
    ])

    func rule(for category: String) -> Rule? { rules.first { $0.categories?.contains(category) ?? true } }
}

extension HazardIndex {
    /// Every high-consequence stretch of the gas pipelines meeting `box` (nil: all), with the sites on the map at
    /// `instant`, in pipeline order.
    public func pipelineHCAs(meeting box: BBox? = nil, at instant: String, grades: HCAGrades = .standard) throws -> [HCAStretch] {
        let state = try current()
        var pipelines: [HazardItem] = []
        for slot in state.pipelines {
            guard let item = state.items[Int(slot)], item.impactRadius != nil, box.map({ $0.intersects(item.shape.bbox) }) ?? true else { continue }
            pipelines.append(item)
        }
        pipelines.sort { $0.id < $1.id }
        // A pipeline's stretches as last computed hold while no write has touched it or the sites near it, and
        // the time-windowed sites near it are on the map at `instant` as they were then.
        let cached = state.hcaGrades == grades ? state.hca : [:]
        var fresh: [Int64: HCAEntry] = [:]
        var out: [HCAStretch] = []
        for p in pipelines {
            if let e = cached[p.id], e.holds(at: instant, state) {
                out += e.stretches
                continue
            }
            let e = Self.entry(of: p, state: state, at: instant, grades: grades)
            fresh[p.id] = e
            out += e.stretches
        }
        if !fresh.isEmpty { keepHCAs(fresh, grades: grades, computedAt: state.version) }
        return out
    }

    static func entry(of pipe: HazardItem, state: State, at instant: String, grades: HCAGrades) -> HCAEntry {
        var windowed: [(id: Int64, active: Bool)] = []
        let stretches = stretches(of: pipe, state: state, at: instant, grades: grades) { site in
            windowed.append((site.id, site.isActive(at: instant)))
        }
        return HCAEntry(stretches: stretches, windowedSites: windowed)
    }

    static func stretches(of pipe: HazardItem, state: State, at instant: String, grades: HCAGrades,
                          windowedSite: (HazardItem) -> Void = { _ in }) -> [HCAStretch] {
        guard let r = pipe.impactRadius, case .lineString(let line) = pipe.shape.geometry, line.count > 1 else { return [] }
        let plane = LocalPlane(origin: line[0])
        let pts = line.map(plane.project)
        var along = [0.0]
        for i in 1..<pts.count { along.append(along[i - 1] + hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y)) }
        let reach = max(r, grades.rules.compactMap(\.withinMetres).max() ?? 0)
        let d = plane.degrees(reach)
        let b = pipe.shape.bbox
        var intervals: [(from: Double, to: Double, site: HCAStretch.Site)] = []
        state.forEach(meeting: BBox(minX: b.minX - d.lon, minY: b.minY - d.lat, maxX: b.maxX + d.lon, maxY: b.maxY + d.lat)) { item in
            guard item.layer == .sites else { return }
            if item.validFrom != nil || item.validTo != nil { windowedSite(item) }
            guard item.isActive(at: instant), let category = item.kind, let rule = grades.rule(for: category) else { return }
            let radius = rule.withinMetres ?? r
            let s = plane.project(item.shape.geometry.anchor)
            var nearest = Double.infinity
            var lo = Double.infinity, hi = -Double.infinity
            for i in 1..<pts.count {
                let (a, c) = (pts[i - 1], pts[i])
                let (dx, dy) = (c.x - a.x, c.y - a.y)
                let len2 = dx * dx + dy * dy
                let t0 = len2 > 0 ? max(0, min(1, ((s.x - a.x) * dx + (s.y - a.y) * dy) / len2)) : 0
                nearest = min(nearest, hypot(a.x + t0 * dx - s.x, a.y + t0 * dy - s.y))
                // The part of the segment within `radius` of the site: |a + t·(c − a) − s| ≤ radius.
                let (fx, fy) = (a.x - s.x, a.y - s.y)
                let (qa, qb, qc) = (len2, 2 * (fx * dx + fy * dy), fx * fx + fy * fy - radius * radius)
                guard qa > 0 else { continue }
                let disc = qb * qb - 4 * qa * qc
                guard disc >= 0 else { continue }
                let root = disc.squareRoot()
                let (u0, u1) = (max(0, (-qb - root) / (2 * qa)), min(1, (-qb + root) / (2 * qa)))
                guard u0 <= u1 else { continue }
                let segment = along[i] - along[i - 1]
                lo = min(lo, along[i - 1] + u0 * segment)
                hi = max(hi, along[i - 1] + u1 * segment)
            }
            guard lo <= hi else { return }
            intervals.append((lo, hi, HCAStretch.Site(id: item.id, name: item.name, category: category, distance: nearest, grade: rule.grade)))
        }
        intervals.sort { $0.from < $1.from }
        var merged: [(from: Double, to: Double, sites: [HCAStretch.Site])] = []
        for i in intervals {
            if let last = merged.last, i.from <= last.to {
                merged[merged.count - 1].to = max(last.to, i.to)
                merged[merged.count - 1].sites.append(i.site)
            } else {
                merged.append((i.from, i.to, [i.site]))
            }
        }
        return merged.map { m in
            HCAStretch(pipelineID: pipe.id, pipelineName: pipe.name, kind: pipe.kind ?? "", impactRadius: r, from: m.from, to: m.to,
                       grade: m.sites.map(\.grade).max() ?? 1, line: Self.part(pts, along, m.from, m.to).map { plane.unproject($0.x, $0.y) },
                       sites: m.sites.sorted { $0.distance < $1.distance })
        }
    }

    /// The part of a projected line between two distances along it.
    static func part(_ pts: [(x: Double, y: Double)], _ along: [Double], _ from: Double, _ to: Double) -> [(x: Double, y: Double)] {
        func point(at s: Double) -> (x: Double, y: Double) {
            let i = max(1, min(pts.count - 1, along.firstIndex { $0 >= s } ?? pts.count - 1))
            let seg = along[i] - along[i - 1]
            let t = seg > 0 ? (s - along[i - 1]) / seg : 0
            return (pts[i - 1].x + t * (pts[i].x - pts[i - 1].x), pts[i - 1].y + t * (pts[i].y - pts[i - 1].y))
        }
        var out = [point(at: from)]
        for i in along.indices where along[i] > from && along[i] < to { out.append(pts[i]) }
        out.append(point(at: to))
        return out
    }
}

extension Geometry {
    /// Where a site is measured from: a point itself, an area's label point, else the middle of its box.
    var anchor: Coordinate {
        if case .point(let p) = self { return p }
        return LabelPoint.of(self) ?? bbox.center
    }
}

/// One pipeline's stretches as computed at some instant, with the time-windowed sites near it and whether each was
/// on the map then: the stretches hold at another instant when every one of those is on the map as it was.
struct HCAEntry: Sendable {
    let stretches: [HCAStretch]
    let windowedSites: [(id: Int64, active: Bool)]

    func holds(at instant: String, _ state: HazardIndex.State) -> Bool {
        windowedSites.allSatisfy { w in
            guard let slot = state.slots[HazardIndex.State.Key(layer: .sites, id: w.id)], let site = state.items[slot] else { return false }
            return site.isActive(at: instant) == w.active
        }
    }
}

extension HazardIndex.State {
    /// Drops the cached stretches a write of `layer` can change: the pipeline's own, or those of every pipeline whose
    /// reach (its impact radius, or the widest fixed band) may meet the site's box before or after.
    mutating func invalidateHCAs(_ layer: HazardLayer, id: Int64, boxes: [BBox]) {
        version += 1
        switch layer {
        case .pipelines:
            hca[id] = nil
        case .sites:
            let band = hcaGrades?.rules.compactMap(\.withinMetres).max() ?? 200
            for pipeline in Array(hca.keys) {
                guard let slot = slots[Key(layer: .pipelines, id: pipeline)], let p = items[slot] else { hca[pipeline] = nil; continue }
                let reach = max(p.impactRadius ?? 0, band) * 1.1 + 10
                let b = p.shape.bbox
                let dLat = reach / 110_574, dLon = reach / (111_320 * max(cos(b.center.y * .pi / 180), 0.01))
                let grown = BBox(minX: b.minX - dLon, minY: b.minY - dLat, maxX: b.maxX + dLon, maxY: b.maxY + dLat)
                if boxes.contains(where: { grown.intersects($0) }) { hca[pipeline] = nil }
            }
        default:
            break
        }
    }
}
