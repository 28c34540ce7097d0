import Store

/// One proposed joint inspection (联合检查, "进一次门、查多项事"): the visits several departments (or one department
/// twice) planned to the same enterprise within the window, made one.
public struct JointInspection: Sendable, Equatable {
    public let sourceID: Int64
    /// The earliest planned date of the visits it joins (`YYYY-MM-DD`).
    public let date: String
    /// The department that leads: the highest level (city, county, town), then the most check items, then name.
    public let lead: String
    /// Every department taking part, lead first, then by name.
    public let departments: [String]
    /// The visits it replaces, in date order.
    public let visits: [Int64]
    /// Every check item of those visits, each once, in the order first planned.
    public let items: [String]

    /// Visits saved: all but one.
    public var saved: Int { visits.count - 1 }
}

/// Collides the departments' plans: for each enterprise, its planned visits in date order are cut into runs whose
/// dates lie within `windowDays` of the run's first; a run of two or more visits becomes one joint inspection.
/// One sort and one pass: 10,000 visits of 87 departments take milliseconds (docs/PERFORMANCE.md).
public enum JointInspections {
    public static let levelOrder = ["city": 0, "county": 1, "town": 2]

    public static func propose(_ visits: [DepartmentVisit], windowDays: Int) -> [JointInspection] {
        let sorted = visits.sorted { ($0.sourceID, $0.date, $0.visit) < ($1.sourceID, $1.date, $1.visit) }
        var out: [JointInspection] = []
        var start = 0
        while start < sorted.count {
            let first = sorted[start]
            let limit = day(first.date) + windowDays
            var end = start + 1
            while end < sorted.count, sorted[end].sourceID == first.sourceID, day(sorted[end].date) <= limit { end += 1 }
            if end - start > 1 { out.append(join(sorted[start..<end])) }
            start = end
        }
        return out
    }

    static func join(_ run: ArraySlice<DepartmentVisit>) -> JointInspection {
        var itemsByDepartment: [String: Int] = [:]
        var level: [String: Int] = [:]
        var items: [String] = []
        var seen = Set<String>()
        for v in run {
            itemsByDepartment[v.department, default: 0] += v.items.count
            level[v.department] = min(level[v.department] ?? 9, levelOrder[v.level] ?? 9)
            for item in v.items where seen.insert(item).inserted { items.append(item) }
        }
        let departments = itemsByDepartment.keys.sorted()
        let lead = departments.min { a, b in
            (level[a] ?? 9, -(itemsByDepartment[a] ?? 0), a) < (level[b] ?? 9, -(itemsByDepartment[b] ?? 0), b)
        } ?? ""
        return JointInspection(sourceID: run.first?.sourceID ?? 0, date: run.first?.date ?? "", lead: lead,
                               departments: [lead] + departments.filter { $0 != lead }, visits: run.map(\.visit), items: items)
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` date.
    static func day(_ date: String) -> Int {
        Int((Timestamp.parse(date) ?? 0) / 86_400)
    }
}
