import GeoKit
import Store

/// How next period's inspection plans are drafted (Suzhou's three levels): every enterprise gets a priority from
/// configurable criteria — its colour, its supervision tier from the safety score, its major-hazard grade, the
/// accidents and major hidden dangers recorded against it, its sector — and the levels take them in order: the
/// city its quota of the highest, then the county from the rest, then the town, so no enterprise is planned at two
/// levels. Each planned visit says why (the criteria that gave it points).
public struct PlanCriteria: Sendable, Codable, Equatable {
    public var quota: [String: Int]
    public var colourPoints: [String: Int]
    public var tierPoints: [String: Int]
    public var hazardGradePoints: [String: Int]
    /// Points per score event of these indicator groups in the year before the period.
    public var eventGroupPoints: [String: Int]
    public var sectorPoints: [String: Int]
    /// Points for an enterprise with no inspection result recorded in the `days` before the period (or none ever).
    public var notInspected: NotInspected?

    public struct NotInspected: Sendable, Codable, Equatable {
        public var days: Int
        public var points: Int
    }

    public static let levels = ["city", "county", "town"]

    /// Suzhou's 2021 plans as quotas (city 150, county 2,397, town 5,717); the points are a starting table.
    public static let standard = PlanCriteria(
        quota: ["city": 150, "county": 2_397, "town": 5_717],
        colourPoints: ["red": 40, "orange": 25, "yellow": 10, "blue": 0],
        tierPoints: ["city": 30, "county": 15, "town": 0],
        hazardGradePoints: ["1": 30, "2": 20, "3": 10, "4": 5],
        eventGroupPoints: ["安全事故": 25, "重大事故隐患": 10, "行政处罚": 8],
        sectorPoints: ["hazardous_chemicals": 10, "dust_explosion": 8, "ammonia_refrigeration": 8, "metallurgy": 5],
        notInspected: NotInspected(days: 365, points: 15))
}

/// One planned visit.
public struct PlannedVisit: Sendable {
    public let level: String
    /// 1 for the level's first.
    public let rank: Int
    public let enterprise: Int64
    public let name: String
    public let district: String?
    public let colour: String?
    public let priority: Int
    public let reasons: [String]
    public let point: Coordinate?
}

public struct PlanDrafter: Sendable {
    public let criteria: PlanCriteria
    public let scores: ScoreRules

    public init(criteria: PlanCriteria = .standard, scores: ScoreRules = .standard) {
        self.criteria = criteria
        self.scores = scores
    }

    /// The drafts of `levels` (in the order city, county, town whatever the order asked) for `period` (a year), read
    /// on `db`: the levels before an asked one still take their share, so the answer never depends on what was asked.
    public func draft(period: Int, levels asked: Set<String>, _ db: Connection) throws -> [PlannedVisit] {
        struct Candidate {
            let id: Int64, name: String, district: String?, colour: String?, point: Coordinate?
            var priority = 0
            var reasons: [String] = []
        }
        var candidates: [Candidate] = []
        try db.scan(Catalog.riskSources, fields: ["name", "district", "colour", "hazard_grade", "safety_score", "sector"]) { row in
            let point: Coordinate? = try row.withGeometry { b in
                let g = try SpatiaLiteBlob.decode(b).geometry
                if case .point(let p) = g { return p }
                return LabelPoint.of(g) ?? g.bbox.center
            }
            var c = Candidate(id: row.id, name: row.text(0) ?? "", district: row.text(1), colour: row.text(2), point: point)
            func add(_ points: Int?, _ why: String) {
                guard let points, points != 0 else { return }
                c.priority += points
                c.reasons.append("\(why) +\(points)")
            }
            if let colour = c.colour { add(criteria.colourPoints[colour], "colour \(colour)") }
            let score = row.int64(4).map(Int.init) ?? scores.start
            let tier = scores.tier(for: score)
            add(criteria.tierPoints[tier], "safety score \(score) (\(tier) tier)")
            if let grade = row.int64(3) { add(criteria.hazardGradePoints[String(grade)], "major hazard grade \(grade)") }
            if let sector = row.text(5) { add(criteria.sectorPoints[sector], "sector \(sector)") }
            candidates.append(c)
        }
        var byID = Dictionary(uniqueKeysWithValues: candidates.indices.map { (candidates[$0].id, $0) })
        var counts: [Int64: [String: Int]] = [:]
        for (source, indicator) in try db.scoreEventIndicators(since: "\(period - 1)-01-01") {
            guard let group = scores.indicator(indicator)?.group, criteria.eventGroupPoints[group] != nil else { continue }
            counts[source, default: [:]][group, default: 0] += 1
        }
        for (source, groups) in counts {
            guard let i = byID[source] else { continue }
            for (group, n) in groups.sorted(by: { $0.key < $1.key }) {
                let points = n * (criteria.eventGroupPoints[group] ?? 0)
                candidates[i].priority += points
                candidates[i].reasons.append("\(n) × \(group) since \(period - 1) +\(points)")
            }
        }
        if let rule = criteria.notInspected {
            let last = try db.lastInspections()
            let start = JointInspections.day("\(period)-01-01")
            for i in candidates.indices {
                let when = last[candidates[i].id]
                guard when.map({ start - JointInspections.day($0) > rule.days }) ?? true else { continue }
                candidates[i].priority += rule.points
                candidates[i].reasons.append((when.map { "last inspected \($0)" } ?? "never inspected") + " +\(rule.points)")
            }
        }
        byID = [:]
        candidates.sort { ($0.priority, $1.id) > ($1.priority, $0.id) }
        var out: [PlannedVisit] = []
        var next = 0
        for level in PlanCriteria.levels {
            let quota = criteria.quota[level] ?? 0
            let taken = candidates[next..<min(candidates.count, next + quota)]
            next += taken.count
            guard asked.contains(level) else { continue }
            for (rank, c) in taken.enumerated() {
                out.append(PlannedVisit(level: level, rank: rank + 1, enterprise: c.id, name: c.name, district: c.district, colour: c.colour,
                                        priority: c.priority, reasons: c.reasons.isEmpty ? ["taken to fill the quota"] : c.reasons, point: c.point))
            }
        }
        return out
    }
}
