import Foundation
import GeoKit
import Import
import Inspections
import Monotonic
import Store

let planCommand = Command(
    name: "plan", brief: "Draft, store and collide inspection plans (city, county, town).",
    summary: "draft: next period's inspection plans at three levels from every enterprise's colour, safety score and tier, major-hazard grade, recorded accidents and hidden dangers and sector (docs/SUPERVISION.md): the city takes its quota of the highest priorities, then the county, then the town, so no enterprise is planned twice; each visit says why; GeoJSON or CSV (UTF-8 or GB18030). add: store a department's plan from a JSON file (the body of POST /plans). list: the stored plans. collisions: propose joint inspections where departments plan the same enterprise within --window days, as GeoJSON, with the visits they save.",
    usage: "draft --period YEAR [--level city|county|town|all] [--format geojson|csv] [--encoding utf-8|gb18030] [--out FILE] | add --file PLAN.json | list | collisions [--from DATE] [--to DATE] [--window DAYS] [--out FILE]  [--db PATH]",
    options: [
        OptionSpec("--period", value: "YEAR", help: "The year the plans are for (draft)."),
        OptionSpec("--level", value: "LEVEL", default: "all", help: "city, county, town or all (the levels before it still take their share)."),
        OptionSpec("--format", value: "FORMAT", default: "geojson", help: "geojson (points with the reasons) or csv."),
        OptionSpec("--encoding", value: "ENCODING", default: "utf-8", help: "CSV's text encoding: utf-8 or gb18030."),
        OptionSpec("--out", value: "FILE", help: "The file to write (default: standard output)."),
        OptionSpec("--file", value: "PLAN.json", help: "A department's plan: {department, level, period, visits: [{enterprise, date, items}]} (add)."),
        OptionSpec("--from", value: "DATE", default: "1990-01-01", help: "The first planned date looked at (collisions)."),
        OptionSpec("--to", value: "DATE", default: "2100-12-31", help: "The last planned date looked at (collisions)."),
        OptionSpec("--window", value: "DAYS", default: "30", help: "Visits to one enterprise within this many days of the first are joined (collisions)."),
        dbOption,
    ],
    maxPositionals: 1
) { args in
    switch args.positionals.first {
    case "draft": try draftPlans(args)
    case "add": try addPlan(args)
    case "list":
        for p in try openStore(args).read({ try $0.connection.plans() }) {
            print("\(p.id)\t\(p.period)\t\(p.level)\t\(p.department)\t\(p.visits) visits\tcreated \(p.createdAt)")
        }
    case "collisions": try collidePlans(args)
    default: throw UsageError(description: "plan needs an action: draft, add, list or collisions")
    }
}

private func addPlan(_ args: ParsedArguments) throws {
    guard let path = args.value("--file") else { throw UsageError(description: "plan add needs --file PLAN.json") }
    guard let data = FileManager.default.contents(atPath: path) else { throw RuntimeError(description: "cannot read \(path)") }
    let input: PlanInput
    do { input = try PlanInput.parse(Array(data)) } catch { throw RuntimeError(description: "\(path): \(error.description)") }
    let id = try openStore(args).write(WriteContext(actor: "riskmap plan add (\(NSUserName()))")) { try input.store(in: $0) }
    print("plan \(id): \(input.level) plan of \(input.department) for \(input.period), \(input.visits.count) visits")
}

private func collidePlans(_ args: ParsedArguments) throws {
    let from = args.value("--from") ?? "1990-01-01", to = args.value("--to") ?? "2100-12-31"
    for d in [from, to] where d.count != 10 || Timestamp.parse(d) == nil { throw UsageError(description: "--from and --to are dates YYYY-MM-DD, not '\(d)'") }
    let window = try args.int("--window") ?? 30
    guard (0...366).contains(window) else { throw UsageError(description: "--window must be 0–366 days") }
    let started = MonotonicClock.seconds()
    let (answer, visits, joint) = try openStore(args).read { r in
        let visits = try r.connection.departmentVisits(from: from, to: to)
        let joint = JointInspections.propose(visits, windowDays: window)
        return (try PlanViews.collisions(joint, planned: visits.count, from: from, to: to, windowDays: window, r.connection), visits.count, joint)
    }
    var w = JSONWriter()
    w.json(answer)
    let sink = try args.value("--out").map { try FileSink(path: $0) } ?? FileSink()
    try sink.write(w.bytes)
    try sink.finish()
    let saved = joint.reduce(0) { $0 + $1.saved }
    let line = "\(visits) planned visits: \(joint.count) joint inspections save \(saved) visits (\(visits - saved) after joining), in \(String(format: "%.2f", MonotonicClock.seconds() - started)) s"
    if args.value("--out") != nil { print(line) } else { writeStderr(line + "\n") }
}

private func draftPlans(_ args: ParsedArguments) throws {
    guard let period = try args.int("--period"), (1990...2100).contains(period) else { throw UsageError(description: "--period YEAR is required") }
    let level = args.value("--level") ?? "all"
    guard level == "all" || PlanCriteria.levels.contains(level) else { throw UsageError(description: "--level must be city, county, town or all") }
    let format = args.value("--format") ?? "geojson"
    guard ["geojson", "csv"].contains(format) else { throw UsageError(description: "--format must be geojson or csv") }
    guard let encoding = TextEncoding(name: args.value("--encoding") ?? "utf-8"), encoding == .utf8 || format == "csv" else {
        throw UsageError(description: "--encoding must be utf-8 or gb18030, and gb18030 only with --format csv")
    }
    let store = try openStore(args)
    let started = MonotonicClock.seconds()
    let visits = try store.read { try PlanDrafter().draft(period: period, levels: level == "all" ? Set(PlanCriteria.levels) : [level], $0.connection) }
    let text = format == "csv" ? Array(PlanOutput.csv(visits).utf8) : PlanOutput.geoJSON(visits, period: period).bytes
    let bytes = encoding == .gb18030 ? try GB18030Encoder().encode(text) : text
    let sink = try args.value("--out").map { try FileSink(path: $0) } ?? FileSink()
    try sink.write(bytes)
    try sink.finish()
    let counts = PlanCriteria.levels.map { l in "\(l) \(visits.filter { $0.level == l }.count)" }.joined(separator: ", ")
    let line = "drafted \(period)'s plans: \(counts) in \(String(format: "%.2f", MonotonicClock.seconds() - started)) s"
    if args.value("--out") != nil { print(line) } else { writeStderr(line + "\n") }
}
