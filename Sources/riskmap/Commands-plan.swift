import Foundation
import Import
import Inspections
import Monotonic
import Store

let planCommand = Command(
    name: "plan", brief: "Draft next period's inspection plans (city, county, town) from the register.",
    summary: "Draft next period's inspection plans at three levels from every enterprise's colour, safety score and tier, major-hazard grade, recorded accidents and hidden dangers and sector (docs/SUPERVISION.md): the city takes its quota of the highest priorities, then the county, then the town, so no enterprise is planned twice; each visit says why. Writes GeoJSON or CSV (UTF-8 or GB18030).",
    usage: "draft --period YEAR [--level city|county|town|all] [--format geojson|csv] [--encoding utf-8|gb18030] [--out FILE] [--db PATH]",
    options: [
        OptionSpec("--period", value: "YEAR", help: "The year the plans are for."),
        OptionSpec("--level", value: "LEVEL", default: "all", help: "city, county, town or all (the levels before it still take their share)."),
        OptionSpec("--format", value: "FORMAT", default: "geojson", help: "geojson (points with the reasons) or csv."),
        OptionSpec("--encoding", value: "ENCODING", default: "utf-8", help: "CSV's text encoding: utf-8 or gb18030."),
        OptionSpec("--out", value: "FILE", help: "The file to write (default: standard output)."),
        dbOption,
    ],
    maxPositionals: 1
) { args in
    guard args.positionals.first == "draft" else { throw UsageError(description: "plan needs the action draft") }
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
