import GeoKit

/// A department's inspection plan for a period at one level (city, county, town), as stored.
public struct InspectionPlan: Sendable, Equatable {
    public let id: Int64
    public let department: String
    public let level: String
    /// `2027`, `2027-Q1` or `2027-03`.
    public let period: String
    public let actor: String
    public let createdAt: String
    public let visits: Int
}

/// One planned visit: an enterprise on a date with the items to check, and its result once done.
public struct PlanVisit: Sendable, Equatable {
    public let id: Int64
    public let planID: Int64
    public let sourceID: Int64
    /// `YYYY-MM-DD`.
    public let date: String
    public let items: [String]
    /// `planned` or `done`.
    public let status: String
    public let findings: String?
    public let dangersFound: Int?
    public let dangersClosed: Int?
    public let doneAt: String?
}

/// A visit to add to a plan.
public struct NewVisit: Sendable {
    public let sourceID: Int64
    public let date: String
    public let items: [String]

    public init(sourceID: Int64, date: String, items: [String]) {
        (self.sourceID, self.date, self.items) = (sourceID, date, items)
    }
}

/// A visit with its plan's department and level: what collision detection reads.
public struct DepartmentVisit: Sendable {
    public let visit: Int64
    public let department: String
    public let level: String
    public let sourceID: Int64
    public let date: String
    public let items: [String]
}

extension WriteTransaction {
    /// Stores a department's plan with its visits (one audit row naming the count); 409 when the department
    /// already has a plan at that level for that period, a named fault for anything malformed.
    public func createPlan(department: String, level: String, period: String, visits: [NewVisit]) throws -> Int64 {
        var problems: [String] = []
        if department.isEmpty || department.count > 100 { problems.append("department must be 1–100 characters") }
        if !["city", "county", "town"].contains(level) { problems.append("level must be city, county or town") }
        if !Self.isPeriod(period) { problems.append("period must be a year (2027), a quarter (2027-Q1) or a month (2027-03), not '\(period)'") }
        if visits.isEmpty || visits.count > 20_000 { problems.append("a plan has 1–20000 visits, not \(visits.count)") }
        for (n, v) in visits.enumerated() where problems.count < 20 {
            if v.date.count != 10 || Timestamp.parse(v.date) == nil { problems.append("visit \(n + 1): date must be YYYY-MM-DD, not '\(v.date)'") }
            if v.items.count > 50 || v.items.contains(where: { $0.isEmpty || $0.count > 200 }) {
                problems.append("visit \(n + 1): at most 50 check items of 1–200 characters")
            }
        }
        guard problems.isEmpty else { throw StoreError.invalidFeature(layer: "plans", problems: problems) }
        let taken = try connection.scalar("SELECT id FROM plans WHERE department = ? AND level = ? AND period = ?",
                                          [.text(department), .text(level), .text(period)])
        if let id = taken.intValue {
            throw StoreError.conflict("\(department) already has a \(level) plan for \(period) (plan \(id)); delete it first to replace it")
        }
        try connection.cached("INSERT INTO plans (department, level, period, actor, created_at) VALUES (?, ?, ?, ?, ?)")
            .run([.text(department), .text(level), .text(period), .text(context.actor), .text(context.time)])
        let id = connection.lastInsertRowID
        let insert = try connection.cached("INSERT INTO plan_visits (plan_id, source_id, on_date, items) VALUES (?, ?, ?, ?)")
        let exists = try connection.cached("SELECT count(*) FROM risk_sources WHERE fid = ?")
        for v in visits {
            exists.reset()
            try exists.bind(.integer(v.sourceID), at: 1)
            guard try exists.step(), exists.int64(0) == 1 else {
                throw StoreError.invalidFeature(layer: "plans", problems: ["no enterprise (risk source) \(v.sourceID)"])
            }
            var items = JSONWriter()
            items.strings(v.items)
            insert.reset()
            try insert.run([.integer(id), .integer(v.sourceID), .text(v.date), .text(items.string)])
        }
        try connection.cached("INSERT INTO audit (at, actor, action, layer, feature_id, note) VALUES (?, ?, 'insert', 'plans', ?, ?)")
            .run([.text(context.time), .text(context.actor), .integer(id), .text("\(level) plan of \(department) for \(period): \(visits.count) visits")])
        return id
    }

    /// Deletes a plan and its visits (audited); false when there is none.
    public func deletePlan(_ id: Int64) throws -> Bool {
        try connection.cached("DELETE FROM plans WHERE id = ?").run([.integer(id)])
        guard connection.changes == 1 else { return false }
        try connection.cached("INSERT INTO audit (at, actor, action, layer, feature_id, note) VALUES (?, ?, 'delete', 'plans', ?, 'plan deleted')")
            .run([.text(context.time), .text(context.actor), .integer(id)])
        return true
    }

    /// Records a visit's result (its findings as text, hidden dangers found and closed) and marks it done,
    /// audited; the caller records the score events its findings bring in the same write.
    public func recordVisitResult(plan: Int64, visit: Int64, findings: String?, dangersFound: Int, dangersClosed: Int) throws -> PlanVisit {
        guard let before = try connection.planVisit(visit), before.planID == plan else { throw StoreError.notFound(layer: "plan_visits", id: visit) }
        guard before.status == "planned" else { throw StoreError.conflict("visit \(visit) already has its result (recorded \(before.doneAt ?? ""))") }
        guard dangersFound >= 0, dangersClosed >= 0, dangersClosed <= dangersFound, dangersFound <= 10_000 else {
            throw StoreError.invalidFeature(layer: "plan_visits", problems: ["hidden dangers: 0 ≤ closed ≤ found ≤ 10000"])
        }
        try connection.cached("""
            UPDATE plan_visits SET status = 'done', findings = ?, dangers_found = ?, dangers_closed = ?, done_at = ? WHERE id = ?
            """).run([findings.map { .text($0) } ?? .null, .integer(Int64(dangersFound)), .integer(Int64(dangersClosed)), .text(context.time), .integer(visit)])
        try connection.cached("INSERT INTO audit (at, actor, action, layer, feature_id, note) VALUES (?, ?, 'update', 'plan_visits', ?, ?)")
            .run([.text(context.time), .text(context.actor), .integer(visit),
                  .text("result of visit \(visit) (plan \(plan), enterprise \(before.sourceID)): \(dangersFound) hidden dangers found, \(dangersClosed) closed")])
        return try connection.planVisit(visit) ?? before
    }

    static func isPeriod(_ p: String) -> Bool {
        let parts = p.split(separator: "-", omittingEmptySubsequences: false)
        guard let year = Int(parts[0]), parts[0].count == 4, (1990...2100).contains(year) else { return false }
        if parts.count == 1 { return true }
        guard parts.count == 2 else { return false }
        let rest = parts[1]
        if rest.hasPrefix("Q") { return ["Q1", "Q2", "Q3", "Q4"].contains(String(rest)) }
        guard rest.count == 2, let month = Int(rest) else { return false }
        return (1...12).contains(month)
    }
}

extension Connection {
    /// Every plan, newest period first, with its number of visits; only those of `period` when given.
    public func plans(period: String? = nil) throws -> [InspectionPlan] {
        let s = try prepare("""
            SELECT p.id, p.department, p.level, p.period, p.actor, p.created_at, (SELECT count(*) FROM plan_visits v WHERE v.plan_id = p.id)
            FROM plans p WHERE ?1 IS NULL OR p.period = ?1 ORDER BY p.period DESC, p.id
            """)
        try s.bind([period.map { .text($0) } ?? .null])
        var out: [InspectionPlan] = []
        while try s.step() {
            out.append(InspectionPlan(id: s.int64(0), department: s.text(1) ?? "", level: s.text(2) ?? "", period: s.text(3) ?? "",
                                      actor: s.text(4) ?? "", createdAt: s.text(5) ?? "", visits: Int(s.int64(6))))
        }
        return out
    }

    /// A plan's visits in date order.
    public func planVisits(plan: Int64) throws -> [PlanVisit] {
        try visits(where: "plan_id = ?", [.integer(plan)])
    }

    /// One visit, or nil.
    public func planVisit(_ id: Int64) throws -> PlanVisit? {
        try visits(where: "id = ?", [.integer(id)]).first
    }

    /// An enterprise's visits, newest first: its inspection record.
    public func planVisits(source: Int64) throws -> [PlanVisit] {
        try visits(where: "source_id = ?", [.integer(source)]).reversed()
    }

    private func visits(where condition: String, _ values: [Value]) throws -> [PlanVisit] {
        let s = try prepare("""
            SELECT id, plan_id, source_id, on_date, items, status, findings, dangers_found, dangers_closed, done_at
            FROM plan_visits WHERE \(condition) ORDER BY on_date, id
            """)
        try s.bind(values)
        var out: [PlanVisit] = []
        while try s.step() {
            out.append(PlanVisit(id: s.int64(0), planID: s.int64(1), sourceID: s.int64(2), date: s.text(3) ?? "", items: Self.items(s.text(4)),
                                 status: s.text(5) ?? "", findings: s.text(6), dangersFound: s.value(7).intValue.map { Int($0) },
                                 dangersClosed: s.value(8).intValue.map { Int($0) }, doneAt: s.text(9)))
        }
        return out
    }

    /// Every planned (not yet done) visit dated within [from, to] (`YYYY-MM-DD`) with its plan's department and
    /// level: what collision detection reads, in enterprise then date order.
    public func departmentVisits(from: String, to: String) throws -> [DepartmentVisit] {
        let s = try prepare("""
            SELECT v.id, p.department, p.level, v.source_id, v.on_date, v.items FROM plan_visits v JOIN plans p ON p.id = v.plan_id
            WHERE v.status = 'planned' AND v.on_date BETWEEN ? AND ? ORDER BY v.source_id, v.on_date, v.id
            """)
        try s.bind([.text(from), .text(to)])
        var out: [DepartmentVisit] = []
        while try s.step() {
            out.append(DepartmentVisit(visit: s.int64(0), department: s.text(1) ?? "", level: s.text(2) ?? "", sourceID: s.int64(3),
                                       date: s.text(4) ?? "", items: Self.items(s.text(5))))
        }
        return out
    }

    /// The date of each enterprise's latest visit with a result recorded.
    public func lastInspections() throws -> [Int64: String] {
        let s = try prepare("SELECT source_id, max(on_date) FROM plan_visits WHERE status = 'done' GROUP BY source_id")
        var out: [Int64: String] = [:]
        while try s.step() { out[s.int64(0)] = s.text(1) ?? "" }
        return out
    }

    static func items(_ text: String?) -> [String] {
        guard let text, case .array(let list)? = try? JSONParser.parse(Array(text.utf8)) else { return [] }
        return list.compactMap { item in
            if case .string(let s) = item { return s }
            return nil
        }
    }
}

extension Connection {
    /// The name and a point (on the surface) of each enterprise (risk source) of `ids` that exists.
    public func enterprisePlaces(_ ids: some Collection<Int64>) throws -> [Int64: (name: String, point: Coordinate?)] {
        var list = JSONWriter()
        list.array(Set(ids)) { w, id in w.number(id) }
        let s = try prepare("""
            SELECT fid, name, ST_X(PointOnSurface(geom)), ST_Y(PointOnSurface(geom)) FROM risk_sources
            WHERE fid IN (SELECT value FROM json_each(?))
            """)
        try s.bind([.text(list.string)])
        var out: [Int64: (name: String, point: Coordinate?)] = [:]
        while try s.step() {
            out[s.int64(0)] = (s.text(1) ?? "", s.isNull(2) ? nil : Coordinate(s.double(2), s.double(3)))
        }
        return out
    }
}
