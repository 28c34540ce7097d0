import GeoKit
import HTTP
import Inspections
import Store

/// Enterprises' safety scores (docs/SUPERVISION.md): score events recorded by an editor's or admin's token, and
/// each enterprise's year with its events, score and supervision tier.
struct ScoreRoutes: RouteCollection {
    let store: Store
    let scores: SafetyScores

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .post, pattern: "/enterprises/{fid}/score-events",
                     summary: "Record a safety-score event against an enterprise (editor or admin): {\"indicator\": code, \"date\": \"YYYY-MM-DD\", \"note\": …}; the enterprise's stored safety_score (and so its colour) follows in the same write",
                     tag: "Supervision", access: .anyToken, body: "application/json",
                     responses: [201: "the enterprise's year after the event", 400: "an unknown indicator or a bad date", 403: "the role may not score",
                                 404: "no such enterprise"]) { [self] request, caller, _ in
                try record(request, caller, enterprise: try Self.enterprise(request))
            },
            Endpoint(method: .post, pattern: "/collections/score_events/items",
                     summary: "Record a safety-score event as a new item of score_events (editor or admin): {\"enterprise\": fid, \"indicator\": code, \"date\": \"YYYY-MM-DD\", \"note\": …}; the same as POST /enterprises/{fid}/score-events",
                     tag: "Supervision", access: .anyToken, body: "application/json",
                     responses: [201: "the enterprise's year after the event", 400: "an unknown indicator, a bad date or no enterprise named",
                                 403: "the role may not score", 404: "no such enterprise"]) { [self] request, caller, _ in
                try record(request, caller, enterprise: nil)
            },
            Endpoint(method: .get, pattern: "/enterprises/{fid}/score",
                     summary: "An enterprise's safety score for a year (default this year): its events with their indicators, the score (start 12, floor 0) and the supervision tier",
                     tag: "Supervision", query: ["year"], responses: [200: "the year", 400: "a bad year", 404: "no such enterprise"]) { [self] request, _, worker in
                let id = try Self.enterprise(request)
                guard try worker.reader.feature(id, in: Catalog.riskSources) != nil else { throw StoreError.notFound(layer: Catalog.riskSources.name, id: id) }
                let thisYear = Int(Timestamp.now().prefix(4)) ?? 2026
                let year = try request.query["year"].map { text -> Int in
                    guard let y = Int(text), (1990...2100).contains(y) else { throw HTTPError(.badRequest, "year must be a year, not '\(text)'") }
                    return y
                } ?? thisYear
                return json(Self.write(try scores.score(of: id, year: year, worker.reader.connection), scores.rules), request)
            },
        ]
    }

    /// Records one event for the enterprise of the path, or (nil) the body's `enterprise`; 201 with its year.
    private func record(_ request: Request, _ caller: Caller, enterprise fromPath: Int64?) throws -> Response {
        try caller.require([.editor, .admin], request, for: "recording a score event")
        let members = fromPath == nil ? ["enterprise", "indicator", "date", "note"] : ["indicator", "date", "note"]
        guard case .object(let o)? = try? JSONParser.parse(request.body) else {
            throw HTTPError(.badRequest, "the body must be a JSON object with " + members.joined(separator: ", "))
        }
        if let unknown = o.keys.sorted().first(where: { !members.contains($0) }) {
            throw HTTPError(.badRequest, "unknown member \(unknown) (members: \(members.joined(separator: ", ")))")
        }
        guard case .string(let indicator)? = o["indicator"], case .string(let date)? = o["date"] else {
            throw HTTPError(.badRequest, "indicator and date are required strings")
        }
        var id = fromPath ?? 0
        if fromPath == nil {
            guard case .integer(let named)? = o["enterprise"] else { throw HTTPError(.badRequest, "enterprise (a risk source fid) is required") }
            id = named
        }
        let note: String? = if case .string(let n)? = o["note"] { n } else { nil }
        let year: SafetyScore
        do {
            year = try store.write(caller.writeContext) { tx in
                try scores.record(source: id, indicator: indicator, date: date, note: note, now: tx.context.time, in: tx)
            }
        } catch let e as ScoreRulesError {
            throw HTTPError(.badRequest, e.description)
        }
        var r = json(Self.write(year, scores.rules), request)
        r.status = .created
        return r
    }

    static func enterprise(_ request: Request) throws -> Int64 {
        guard let id = Int64(request.parameters["fid"] ?? ""), id > 0 else { throw HTTPError(.notFound, "no enterprise \(request.parameters["fid"] ?? "")") }
        return id
    }

    static func write(_ y: SafetyScore, _ rules: ScoreRules) -> JSONWriter {
        var w = JSONWriter()
        w.raw("{\"enterprise\":")
        w.number(y.sourceID)
        w.raw(",\"year\":")
        w.number(Int64(y.year))
        w.raw(",\"score\":")
        w.number(Int64(y.score))
        w.raw(",\"tier\":")
        w.string(y.tier)
        w.raw(",\"start\":")
        w.number(Int64(rules.start))
        w.raw(",\"events\":")
        w.array(y.events) { w, e in
            w.raw("{\"id\":")
            w.number(e.id)
            w.raw(",\"indicator\":")
            w.string(e.indicator)
            w.raw(",\"group\":")
            w.string(rules.indicator(e.indicator)?.group ?? "")
            w.raw(",\"description\":")
            w.string(rules.indicator(e.indicator)?.description ?? "")
            w.raw(",\"points\":")
            w.number(Int64(e.points))
            w.raw(",\"date\":")
            w.string(e.date)
            w.raw(",\"note\":")
            if let n = e.note { w.string(n) } else { w.raw("null") }
            w.raw(",\"by\":")
            w.string(e.actor)
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "}"))
        return w
    }
}
