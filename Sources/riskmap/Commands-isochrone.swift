import Foundation
import GeoKit
import RoadNetwork
import Routing

let isochroneCommand = Command(
    name: "isochrone", brief: "The areas reached by road within some minutes of a point or of every fire station.",
    summary: """
        The areas reached by road from a point, or from every fire station at once (--from fire_stations), within each of the minutes given, avoiding the zones of the risk levels given as routes do (penalised zones slow their roads, closed ones are not entered). Prints each time's area and number of polygons; --geojson prints the answer of GET /isochrone instead.
        """,
    usage: "--from LON,LAT|fire_stations [--minutes 1,3,5] [--avoid major,significant] [--avoid-mode penalty|ban] [--at TIME] [--geojson] [--db PATH]",
    options: [
        OptionSpec("--from", value: "LON,LAT", help: "Start (EPSG:4326), or fire_stations for every fire station."),
        OptionSpec("--minutes", value: "LIST", default: "5", help: "Times in minutes, comma-separated (at most 10, each at most 60)."),
        OptionSpec("--avoid", value: "LEVELS", default: "none", help: "Risk levels whose zones to avoid, comma-separated, or none."),
        OptionSpec("--avoid-mode", value: "MODE", default: "penalty", help: "penalty: zones slow their roads; ban: zones are closed."),
        OptionSpec("--at", value: "TIME", help: "Instant for temporary risks and reports (RFC 3339; default now)."),
        OptionSpec("--geojson", help: "Print the areas as GeoJSON."),
        dbOption,
    ]
) { args in
    guard let from = args.value("--from") else { throw UsageError(description: "isochrone needs --from LON,LAT or --from fire_stations") }
    var q = RouteQuery(waypoints: [], at: try args.instant("--at"))
    let minutes: [Double]
    let point: Coordinate?
    do {
        point = from == "fire_stations" ? nil : try RouteRequest.point(from, name: "--from")
        minutes = try RouteRequest.minutes(args.value("--minutes") ?? "5")
        // Out of range is a usage error too, said before the database opens.
        try RoutingNetwork.checkIsochrone(minutes: minutes)
        q.avoidLevels = try RouteRequest.levels(args.value("--avoid") ?? "none")
        q.banHazards = try RouteRequest.banHazards(args.value("--avoid-mode") ?? "penalty")
    } catch let e as RoutingError {
        throw UsageError(description: e.description)
    }
    let network = RoadNetwork(store: try openStore(args))
    let (isochrones, sources) = try network.current().isochrones(from: try point.map { [$0] } ?? network.fireStations().map(\.point), minutes: minutes, q)
    if args.flag("--geojson") {
        var w = JSONWriter()
        IsochroneGeoJSON.write(isochrones, sources: sources, into: &w)
        print(w.string)
        return
    }
    print("from \(sources) source\(sources == 1 ? "" : "s") on the roads")
    for i in isochrones {
        print("\(String(format: "%g", i.minutes)) min: \(String(format: "%.2f", i.squareKilometres)) km², \(i.polygons.count) polygon\(i.polygons.count == 1 ? "" : "s")")
    }
}
