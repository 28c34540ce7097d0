import GeoKit
import HTTP
import Import
import Inspections
import Store

/// The departments' inspection plans (docs/SUPERVISION.md): stored by an editor's or admin's token, listed and
/// read as GeoJSON for the map, collided into proposed joint inspections, and each visit's result recorded —
/// its findings becoming score events of the enterprise in the same write.
struct InspectionPlanRoutes: RouteCollection {
    let store: Store
    let results: VisitResults

    static let supervisors: Set<Token.Role> = [.editor, .admin]

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .post, pattern: "/plans",
                     summary: "Store a department's inspection plan (editor or admin): {\"department\", \"level\": city|county|town, \"period\": 2027|2027-Q1|2027-03, \"visits\": [{\"enterprise\": fid, \"date\": \"YYYY-MM-DD\", \"items\": [check items]}]}",
                     tag: "Supervision", access: .anyToken, body: "application/json",
                     responses: [201: "the plan", 400: "a malformed plan, named", 403: "the role may not plan", 409: "the department already has that plan"]) { [self] request, caller, _ in
                try caller.require(Self.supervisors, request, for: "storing a plan")
                let input: PlanInput
                do { input = try PlanInput.parse(Array(request.body)) } catch let e as PlanInputError { throw HTTPError(.badRequest, e.description) }
                let plan = try store.write(caller.writeContext) { tx in
                    let id = try input.store(in: tx)
                    return try tx.connection.plans().first { $0.id == id }
                }
                return Self.answer(plan.map(PlanViews.plan) ?? .null, request, status: .created)
            },
            Endpoint(method: .get, pattern: "/plans",
                     summary: "The stored inspection plans, newest period first, each with its department, level and number of visits",
                     tag: "Supervision", query: ["period"], responses: [200: "the plans"]) { request, _, worker in
                let plans = try worker.reader.connection.plans(period: request.query["period"])
                return Self.answer(.object(["plans": .array(plans.map(PlanViews.plan))]), request)
            },
            Endpoint(method: .get, pattern: "/plans/collisions",
                     summary: "Propose joint inspections (进一次门、查多项事): visits of several departments (or one twice) to the same enterprise within window days become one, led by the highest level; GeoJSON with how many visits they save",
                     tag: "Supervision", query: ["from", "to", "window"],
                     responses: [200: "the proposed joint inspections", 400: "bad dates or window"]) { request, _, worker in
                let from = try Self.date(request.query["from"] ?? "1990-01-01", "from")
                let to = try Self.date(request.query["to"] ?? "2100-12-31", "to")
                guard let window = Int(request.query["window"] ?? "30"), (0...366).contains(window) else {
                    throw HTTPError(.badRequest, "window must be 0–366 days")
                }
                let visits = try worker.reader.connection.departmentVisits(from: from, to: to)
                let joint = JointInspections.propose(visits, windowDays: window)
                let answer = try PlanViews.collisions(joint, planned: visits.count, from: from, to: to, windowDays: window, worker.reader.connection)
                return Self.answer(answer, request, contentType: "application/geo+json")
            },
            Endpoint(method: .get, pattern: "/plans/{plan}",
                     summary: "A stored plan's visits as GeoJSON points at their enterprises, with dates, check items, status and results; CSV with f=csv (encoding=gb18030 for older spreadsheets)",
                     tag: "Supervision", query: ["f", "encoding"], responses: [200: "the plan's visits", 400: "a bad format or encoding", 404: "no such plan"]) { request, _, worker in
                let format = request.query["f"] ?? "json"
                guard ["json", "geojson", "csv"].contains(format) else { throw HTTPError(.badRequest, "f must be json or csv") }
                guard let encoding = TextEncoding(name: request.query["encoding"] ?? "utf-8"), encoding == .utf8 || format == "csv" else {
                    throw HTTPError(.badRequest, "encoding must be utf-8 or gb18030 (gb18030 only with f=csv)")
                }
                let plan = try Self.plan(request, worker.reader.connection)
                let visits = try worker.reader.connection.planVisits(plan: plan.id)
                guard format == "csv" else {
                    return Self.answer(try PlanViews.planVisits(plan, visits, worker.reader.connection), request, contentType: "application/geo+json")
                }
                let places = try worker.reader.connection.enterprisePlaces(visits.map(\.sourceID))
                return try PlanRoutes.csv(PlanOutput.csv(plan, visits, places: places), encoding: encoding, name: "plan-\(plan.id)")
            },
            Endpoint(method: .delete, pattern: "/plans/{plan}",
                     summary: "Delete a stored plan and its visits (editor or admin; audited)",
                     tag: "Supervision", access: .anyToken, responses: [204: "deleted", 403: "the role may not plan", 404: "no such plan"]) { [self] request, caller, _ in
                try caller.require(Self.supervisors, request, for: "deleting a plan")
                let id = Int64(request.parameters["plan"] ?? "") ?? 0
                guard try store.write(caller.writeContext, { try $0.deletePlan(id) }) else { throw StoreError.notFound(layer: "plans", id: id) }
                return Response(status: .noContent)
            },
            Endpoint(method: .post, pattern: "/plans/{plan}/visits/{visit}/result",
                     summary: "Record a visit's result (editor or admin): {\"findings\": [{\"indicator\": code or null, \"note\"}], \"hidden_dangers_found\", \"hidden_dangers_closed\", \"date\"}; each finding with a score indicator becomes a score event of the enterprise in the same write, so its score and colour follow",
                     tag: "Supervision", access: .anyToken, body: "application/json",
                     responses: [200: "the visit and the enterprise's year", 400: "a malformed result or unknown indicator", 403: "the role may not record results",
                                 404: "no such visit in that plan", 409: "the visit already has its result"]) { [self] request, caller, _ in
                try caller.require(Self.supervisors, request, for: "recording a visit's result")
                let body = try Self.object(request, members: ["findings", "hidden_dangers_found", "hidden_dangers_closed", "date"])
                let findings = try Self.findings(body["findings"] ?? .array([]))
                let found = try Self.count(body["hidden_dangers_found"], "hidden_dangers_found"), closed = try Self.count(body["hidden_dangers_closed"], "hidden_dangers_closed")
                let date = try body["date"].map { v -> String in
                    guard case .string(let d) = v else { throw HTTPError(.badRequest, "date must be a string YYYY-MM-DD") }
                    return try Self.date(d, "date")
                }
                let plan = Int64(request.parameters["plan"] ?? "") ?? 0, visit = Int64(request.parameters["visit"] ?? "") ?? 0
                let done: (visit: PlanVisit, score: SafetyScore?)
                do {
                    done = try store.write(caller.writeContext) { tx in
                        try results.record(plan: plan, visit: visit, findings: findings, dangersFound: found, dangersClosed: closed, date: date, in: tx)
                    }
                } catch let e as ScoreRulesError {
                    throw HTTPError(.badRequest, e.description)
                }
                let score: JSONValue = done.score.map { .object(["year": .int($0.year), "score": .int($0.score), "tier": .string($0.tier)]) } ?? .null
                return Self.answer(.object(["visit": PlanViews.visit(done.visit, nil, at: nil), "score": score]), request)
            },
        ]
    }

    static func answer(_ value: JSONValue, _ request: Request, contentType: String = "application/json", status: HTTPStatus = .ok) -> Response {
        var w = JSONWriter()
        w.json(value)
        return jsonResponse(w, request, contentType: contentType, status: status)
    }

    static func object(_ request: Request, members: [String]) throws -> [String: JSONValue] {
        guard case .object(let o)? = try? JSONParser.parse(request.body) else {
            throw HTTPError(.badRequest, "the body must be a JSON object with " + members.joined(separator: ", "))
        }
        if let unknown = o.keys.sorted().first(where: { !members.contains($0) }) {
            throw HTTPError(.badRequest, "unknown member \(unknown) (members: \(members.joined(separator: ", ")))")
        }
        return o
    }

    static func findings(_ v: JSONValue) throws -> [Finding] {
        guard case .array(let list) = v else { throw HTTPError(.badRequest, "findings must be an array of {indicator, note}") }
        return try list.map { item in
            guard case .object(let o) = item, case .string(let note)? = o["note"] else {
                throw HTTPError(.badRequest, "each finding needs a note (and an indicator code, or null)")
            }
            switch o["indicator"] {
            case nil, .null?: return Finding(indicator: nil, note: note)
            case .string(let code)?: return Finding(indicator: code, note: note)
            default: throw HTTPError(.badRequest, "a finding's indicator is a code string or null")
            }
        }
    }

    static func count(_ v: JSONValue?, _ name: String) throws -> Int {
        guard let v else { return 0 }
        guard case .integer(let n) = v, n >= 0, n <= 10_000 else { throw HTTPError(.badRequest, "\(name) must be a whole number 0–10000") }
        return Int(n)
    }

    static func date(_ text: String, _ name: String) throws -> String {
        guard text.count == 10, Timestamp.parse(text) != nil else { throw HTTPError(.badRequest, "\(name) must be a date YYYY-MM-DD, not '\(text)'") }
        return text
    }

    static func plan(_ request: Request, _ db: Connection) throws -> InspectionPlan {
        let id = Int64(request.parameters["plan"] ?? "") ?? 0
        guard let plan = try db.plans().first(where: { $0.id == id }) else { throw StoreError.notFound(layer: "plans", id: id) }
        return plan
    }
}
