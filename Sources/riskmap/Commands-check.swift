import Analysis
import Foundation
import GeoKit
import RiskGrid
import RiskModel
import Store

let checkCommand = Command(
    name: "check", brief: "Site check: may a proposed use (school, kindergarten, …) stand at a point?",
    summary: """
        Checks a proposed use at a point against the register: which risk sources' external safety distances it falls inside (their own, or riskmap's default by level and protected-target class), which risks' and temporary reports' impact radii and which gas pipelines' potential impact radius (r = 0.099·d·√p) reach it, risks by level within 1, 3 and 5 km, and the nearest fire station and shelter (straight-line distances against the 5-minute proxy and 500 m). Prints the verdict (conflict, caution or clear) with each reason and the rule behind it; the same as POST /processes/site-check/execution. Distances are geodesic on WGS 84 (Vincenty).
        """,
    usage: "--lon X --lat Y --use USE [--at TIME] [--json] [--db PATH]",
    options: [
        OptionSpec("--lon", value: "X", help: "Longitude (EPSG:4326) of the site."),
        OptionSpec("--lat", value: "Y", help: "Latitude (EPSG:4326) of the site."),
        OptionSpec("--use", value: "USE", help: "Proposed use: \(SiteRules.standard.classByUse.keys.sorted().joined(separator: ", ")), or a site category added by `riskmap vocabulary add`."),
        OptionSpec("--at", value: "TIME", help: "Instant for time-windowed risks and reports (ISO 8601; default now)."),
        OptionSpec("--json", help: "Print the report as JSON (as the HTTP process answers)."),
        dbOption,
    ]
) { args in
    guard let lon = args.value("--lon").flatMap(Double.init), let lat = args.value("--lat").flatMap(Double.init),
          (-180...180).contains(lon), (-90...90).contains(lat) else {
        throw UsageError(description: "check needs --lon and --lat in degrees (EPSG:4326)")
    }
    guard let use = args.value("--use") else { throw UsageError(description: "check needs --use (\(SiteRules.standard.classByUse.keys.sorted().joined(separator: ", ")))") }
    let at = Timestamp.format(epochSeconds: try args.instant("--at"))
    let store = try openStore(args)
    let rules = SiteRules.standard.extended(by: try store.vocabularies())
    guard rules.classByUse[use] != nil else {
        throw UsageError(description: "--use '\(use)' is not known; use one of \(rules.classByUse.keys.sorted().joined(separator: ", "))")
    }
    let config = try store.withWriterConnection { try GridStore.meta($0)?.config } ?? .standard
    let site = Geometry.point(Coordinate(lon, lat))
    let check = try HazardIndex(store: store, config: config).siteCheck(site: Shape(site), use: use, at: at, rules: rules)
    if args.flag("--json") {
        var w = JSONWriter()
        check.writeJSON(site: site, into: &w)
        print(w.string)
        return
    }
    print(siteCheckReport(check, lon: lon, lat: lat))
}

/// The site check as a readable report.
func siteCheckReport(_ c: SiteCheck, lon: Double, lat: Double) -> String {
    var lines = ["Site check: \(c.use) (\(c.protectionClass)) at \(lon), \(lat), \(c.at)",
                 "Verdict: \(c.verdict.rawValue.uppercased())", ""]
    if c.reasons.isEmpty { lines.append("No safety distance, impact radius or standard is breached.") }
    for r in c.reasons {
        lines.append("  [\(r.verdict.rawValue)] \(r.text)")
        lines.append("      rule: \(r.rule)")
    }
    lines.append("")
    lines.append("Risks and active reports by level:  " + RiskLevel.allCases.map { $0.rawValue.padding(13) }.joined())
    for ring in c.countsWithin {
        lines.append("  within \(String(format: "%.0f", ring.radius / 1000)) km".padding(36) + RiskLevel.allCases.map { String(ring.byLevel[$0] ?? 0).padding(13) }.joined())
    }
    func resource(_ label: String, _ h: NearbyHit?) -> String {
        guard let h else { return "\(label): none within \(Int(HazardIndex.resourceSearchM / 1000)) km" }
        return "\(label): \(h.item.name) (resources \(h.item.id), \(h.item.kind ?? "")), \(String(format: "%.0f", h.distance)) m, bearing \(String(format: "%.0f", h.separation.bearing ?? 0))°"
    }
    lines.append("")
    lines.append(resource("Nearest fire station", c.nearestFireStation))
    lines.append(resource("Nearest shelter", c.nearestShelter))
    lines.append("Distances are straight-line geodesics on WGS 84 (Vincenty); the fire-station test is a straight-line proxy for the 5-minute standard.")
    return lines.joined(separator: "\n")
}
