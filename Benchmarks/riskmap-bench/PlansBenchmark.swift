import Foundation
import GeoKit
import Inspections
@_spi(RawSQL) import Store

/// Risk-based supervision at scale, in process, on a copy of the demo database: 87 departments store plans with
/// 10,000 visits in all (seeded; drawn from the first 3,000 enterprises so that plans collide), then the
/// collisions are proposed (the visits read, collided and written as GeoJSON, as `GET /plans/collisions` does),
/// and next period's three levels drafted.
struct PlansBenchmark {
    let path: String
    let dir: String
    static let departments = 87, visits = 10_000

    func run() throws {
        let copy = "\(dir)/plans-\((path as NSString).lastPathComponent)"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let store = try Store(path: copy)
        let enterprises = try store.read { try $0.count(Catalog.riskSources) }
        let pool = try store.read { r in
            let s = try r.connection.prepare("SELECT fid FROM risk_sources ORDER BY fid LIMIT 3000")
            var out: [Int64] = []
            while try s.step() { out.append(s.int64(0)) }
            return out
        }
        var seed: UInt64 = 11
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let items = ["重大危险源管理", "动火作业", "消防设施", "危废贮存", "特种设备", "职业卫生", "粉尘防爆", "有限空间"]
        let t0 = Harness.now()
        for d in 0..<Self.departments {
            let count = Self.visits / Self.departments + (d < Self.visits % Self.departments ? 1 : 0)
            let visits = (0..<count).map { _ in
                NewVisit(sourceID: pool[next(pool.count)], date: String(format: "2027-%02d-%02d", 1 + next(12), 1 + next(28)),
                         items: [items[next(items.count)], items[next(items.count)]])
            }
            _ = try store.write(WriteContext(actor: "bench")) { tx in
                try tx.createPlan(department: "部门\(d + 1)", level: PlanCriteria.levels[d % 3], period: "2027", visits: visits)
            }
        }
        let stored = Harness.now() - t0
        print("### Supervision (\((path as NSString).lastPathComponent)): \(enterprises) enterprises; \(Self.departments) plans with \(Self.visits) visits stored in \(Harness.ms(stored)) ms")
        print()
        print("| request | runs | p50 | p99 |")
        print("|---|---|---|---|")
        var summary = ""
        let collide = try Harness.measure("collisions", warmup: 1, runs: 10) { _ in
            try store.read { r in
                let visits = try r.connection.departmentVisits(from: "2027-01-01", to: "2027-12-31")
                let joint = JointInspections.propose(visits, windowDays: 30)
                var w = JSONWriter()
                w.json(try PlanViews.collisions(joint, planned: visits.count, from: "2027-01-01", to: "2027-12-31", windowDays: 30, r.connection))
                summary = "\(visits.count) visits → \(joint.count) joint inspections saving \(joint.reduce(0) { $0 + $1.saved })"
                return w.bytes.count
            }
        }
        let draft = try Harness.measure("draft", warmup: 1, runs: 5) { _ in
            try store.read { try PlanDrafter().draft(period: 2028, levels: Set(PlanCriteria.levels), $0.connection).count }
        }
        for (name, m) in [("collisions of \(Self.departments) departments' plans, window 30 days (\(summary)), read + collide + GeoJSON", collide),
                          ("draft of all three levels (city, county, town)", draft)] {
            print("| \(name) | \(m.samples.count) | \(Harness.ms(m.median)) ms | \(Harness.ms(m.p99)) ms |")
        }
        print()
    }
}
