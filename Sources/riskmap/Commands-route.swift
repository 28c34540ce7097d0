import Foundation
import GeoKit
import RoadNetwork
import Routing
import Store

let routeCommand = Command(
    name: "route", brief: "A road route between two points that keeps out of hazard zones.",
    summary: """
        The fastest (or shortest) road route from one point to another (through --via points in order) over the roads layer, avoiding the zones of the risk levels given (each risk's impact radius, else its source's external safety distance, else the level's default; active reports too): by default crossing a zone costs ten times its roads' time, with --avoid-mode ban zones are closed. Prints the length, the time, the roads along it and the zones that changed it, with the unconstrained route for comparison; --geojson prints the answer of GET /route instead. A start or end inside a zone is said, and the route leaves it by the cheapest way. Exits 1 when no route exists, naming the zones that block it.
        """,
    usage: "--from LON,LAT [--via LON,LAT[;LON,LAT…]] --to LON,LAT [--avoid major,significant] [--avoid-mode penalty|ban] [--preference fastest|shortest] [--hazmat] [--at TIME] [--geojson] [--db PATH]",
    options: [
        OptionSpec("--from", value: "LON,LAT", help: "Start (EPSG:4326)."),
        OptionSpec("--via", value: "POINTS", help: "Points to pass through on the way, in order, separated by semicolons (at most 23)."),
        OptionSpec("--to", value: "LON,LAT", help: "End (EPSG:4326)."),
        OptionSpec("--avoid", value: "LEVELS", default: "none", help: "Risk levels whose zones to avoid, comma-separated: major, significant, general, low (or 重大, 较大 …), or none."),
        OptionSpec("--avoid-mode", value: "MODE", default: "penalty", help: "penalty: zones cost more to cross; ban: zones are closed."),
        OptionSpec("--preference", value: "P", default: "fastest", help: "fastest or shortest."),
        OptionSpec("--hazmat", help: "A hazardous-goods vehicle: roads closed to them are not used, crowded sites avoided (200 m)."),
        OptionSpec("--at", value: "TIME", help: "Instant for temporary risks and reports (RFC 3339; default now)."),
        OptionSpec("--geojson", help: "Print the answer as GeoJSON (the route's line and everything else)."),
        dbOption,
    ]
) { args in
    guard let from = args.value("--from"), let to = args.value("--to") else { throw UsageError(description: "route needs --from LON,LAT and --to LON,LAT") }
    var q: RouteQuery
    do {
        let vias = try RouteRequest.vias(args.value("--via") ?? "", name: "--via")
        q = RouteQuery(waypoints: [try RouteRequest.point(from, name: "--from")] + vias + [try RouteRequest.point(to, name: "--to")], at: try args.instant("--at"))
        try q.validate()
        q.avoidLevels = try RouteRequest.levels(args.value("--avoid") ?? "none")
        q.banHazards = try RouteRequest.banHazards(args.value("--avoid-mode") ?? "penalty")
        q.preference = try RouteRequest.preference(args.value("--preference") ?? "fastest")
        q.hazmat = args.flag("--hazmat")
    } catch let e as RoutingError {
        throw UsageError(description: e.description)
    }
    let store = try openStore(args)
    let answer = try RoadNetwork(store: store).current().route(q)
    if args.flag("--geojson") {
        var w = JSONWriter()
        RouteGeoJSON.write(answer, q, into: &w)
        print(w.string)
    } else {
        printRoute(answer, q)
    }
    if answer.route == nil { throw RuntimeError(description: RouteGeoJSON.detail(answer, q)) }
}

private func printRoute(_ a: RouteAnswer, _ q: RouteQuery) {
    func km(_ m: Double) -> String { String(format: "%.2f km", m / 1000) }
    func time(_ s: Double) -> String { "\(Int(s) / 60) min \(Int(s) % 60) s" }
    // A detour may be shorter and slower (fastest) or longer and quicker (shortest): each with its own sign.
    func signed(_ v: Double, _ f: (Double) -> String) -> String { (v < 0 ? "-" : "+") + f(abs(v)) }
    let avoided = q.avoidLevels.isEmpty ? "" : ", avoiding \(q.avoidLevels.map { Catalog.levels[$0] }.joined(separator: ", ")) zones (\(q.banHazards ? "closed" : "penalised"))"
    if let r = a.route {
        print("route: \(km(r.metres)), \(time(r.seconds)) (\(q.preference.rawValue)\(avoided))")
        print("roads: \(r.roads.isEmpty ? "(unnamed)" : r.roads.joined(separator: " → "))")
        if let u = a.unconstrained, !a.changedBy.isEmpty {
            print("unconstrained: \(km(u.metres)), \(time(u.seconds)); detour \(signed(r.metres - u.metres, km)), \(signed(r.seconds - u.seconds, time))")
        }
    }
    print(RouteGeoJSON.detail(a, q))
}
