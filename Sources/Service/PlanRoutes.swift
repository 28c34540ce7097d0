import HTTP
import Import
import Inspections
import Store

/// Next period's inspection plans, drafted from the register (`PlanDrafter`): GeoJSON for the map, CSV (UTF-8 or
/// GB18030) for the bureau's spreadsheets.
struct PlanRoutes: RouteCollection {
    let drafter: PlanDrafter

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/plans/draft",
                     summary: "Draft next period's inspection plans at three levels (city, then county, then town; no enterprise twice), each visit with its priority and reasons: GeoJSON, or CSV with f=csv (encoding=gb18030 for older spreadsheets)",
                     tag: "Supervision", query: ["period", "level", "f", "encoding"],
                     responses: [200: "the planned visits", 400: "a bad period, level, format or encoding"]) { [self] request, _, worker in
                guard let period = request.query["period"].flatMap(Int.init), (1990...2100).contains(period) else {
                    throw HTTPError(.badRequest, "period must be a year, e.g. period=2027")
                }
                let level = request.query["level"] ?? "all"
                guard level == "all" || PlanCriteria.levels.contains(level) else { throw HTTPError(.badRequest, "level must be city, county, town or all") }
                let format = request.query["f"] ?? "json"
                guard ["json", "geojson", "csv"].contains(format) else { throw HTTPError(.badRequest, "f must be json or csv") }
                guard let encoding = TextEncoding(name: request.query["encoding"] ?? "utf-8"), encoding == .utf8 || format == "csv" else {
                    throw HTTPError(.badRequest, "encoding must be utf-8 or gb18030 (gb18030 only with f=csv)")
                }
                let visits = try drafter.draft(period: period, levels: level == "all" ? Set(PlanCriteria.levels) : [level], worker.reader.connection)
                guard format == "csv" else { return json(PlanOutput.geoJSON(visits, period: period), request, contentType: "application/geo+json") }
                return try Self.csv(PlanOutput.csv(visits), encoding: encoding, name: "plans-\(period)")
            },
        ]
    }

    /// CSV text as an attachment, in UTF-8 or GB18030.
    static func csv(_ text: String, encoding: TextEncoding, name: String) throws -> Response {
        let utf8 = Array(text.utf8)
        return Response(status: .ok, headers: ["Content-Type": "text/csv; charset=\(encoding == .gb18030 ? "gb18030" : "utf-8")",
                                               "Content-Disposition": "attachment; filename=\"\(name).csv\""],
                        body: encoding == .gb18030 ? try GB18030Encoder().encode(utf8) : utf8)
    }
}
