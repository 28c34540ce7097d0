import GeoKit
import Store

/// Stored plans, their visits and proposed joint inspections as the API answers them: JSON values, each visit
/// or joint inspection a GeoJSON Feature at its enterprise.
public enum PlanViews {
    public static func plan(_ p: InspectionPlan) -> JSONValue {
        .object(["id": .integer(p.id), "department": .string(p.department), "level": .string(p.level), "period": .string(p.period),
                 "visits": .int(p.visits), "created_at": .string(p.createdAt), "created_by": .string(p.actor)])
    }

    public static func visit(_ v: PlanVisit, _ plan: InspectionPlan?, at place: (name: String, point: Coordinate?)?) -> JSONValue {
        var properties: [String: JSONValue] = [
            "plan": .integer(v.planID), "enterprise": .integer(v.sourceID), "name": .text(place?.name), "date": .string(v.date),
            "items": .array(v.items.map(JSONValue.string)), "status": .string(v.status),
            "hidden_dangers_found": .int(v.dangersFound), "hidden_dangers_closed": .int(v.dangersClosed), "done_at": .text(v.doneAt),
            "findings": v.findings.flatMap { try? JSONParser.parse($0) } ?? .null,
        ]
        if let plan {
            properties["department"] = .string(plan.department)
            properties["level"] = .string(plan.level)
        }
        return feature(id: v.id, at: place?.point, properties)
    }

    /// A plan's visits as a FeatureCollection, the plan's own members beside `features`.
    public static func planVisits(_ p: InspectionPlan, _ visits: [PlanVisit], _ db: Connection) throws -> JSONValue {
        let places = try db.enterprisePlaces(visits.map(\.sourceID))
        var members: [String: JSONValue] = ["type": "FeatureCollection", "plan": plan(p)]
        members["features"] = .array(visits.map { visit($0, p, at: places[$0.sourceID]) })
        return .object(members)
    }

    /// The proposed joint inspections of visits dated in [from, to], with what they save.
    public static func collisions(_ joint: [JointInspection], planned: Int, from: String, to: String, windowDays: Int, _ db: Connection) throws -> JSONValue {
        let places = try db.enterprisePlaces(joint.map(\.sourceID))
        let saved = joint.reduce(0) { $0 + $1.saved }
        let features = joint.enumerated().map { n, j in
            feature(id: Int64(n + 1), at: places[j.sourceID]?.point, [
                "enterprise": .integer(j.sourceID), "name": .text(places[j.sourceID]?.name), "date": .string(j.date),
                "lead": .string(j.lead), "departments": .array(j.departments.map(JSONValue.string)),
                "visits": .array(j.visits.map(JSONValue.integer)), "items": .array(j.items.map(JSONValue.string)), "saves": .int(j.saved),
            ])
        }
        return .object([
            "type": "FeatureCollection", "from": .string(from), "to": .string(to), "window_days": .int(windowDays),
            "summary": .object(["planned_visits": .int(planned), "joint_inspections": .int(joint.count),
                                "visits_joined": .int(joint.reduce(0) { $0 + $1.visits.count }), "visits_saved": .int(saved),
                                "visits_after": .int(planned - saved)]),
            "features": .array(features),
        ])
    }

    static func feature(id: Int64, at point: Coordinate?, _ properties: [String: JSONValue]) -> JSONValue {
        let geometry: JSONValue = point.map { .object(["type": "Point", "coordinates": .array([.number($0.x), .number($0.y)])]) } ?? .null
        return .object(["type": "Feature", "id": .integer(id), "geometry": geometry, "properties": .object(properties)])
    }
}
