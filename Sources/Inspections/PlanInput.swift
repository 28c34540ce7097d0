import GeoKit
import Store

/// A plan as a client sends it (`POST /plans`, `riskmap plan add --file`): {"department", "level", "period",
/// "visits": [{"enterprise": fid, "date": "YYYY-MM-DD", "items": [check items]}]}. The store checks the values.
public struct PlanInput: Sendable {
    public let department: String
    public let level: String
    public let period: String
    public let visits: [NewVisit]

    public static let members = ["department", "level", "period", "visits"]

    /// Parses JSON text; the error names the fault.
    public static func parse(_ bytes: [UInt8]) throws(PlanInputError) -> PlanInput {
        guard case .object(let o)? = try? JSONParser.parse(bytes) else {
            throw PlanInputError("a plan is a JSON object with " + members.joined(separator: ", "))
        }
        if let unknown = o.keys.sorted().first(where: { !members.contains($0) }) {
            throw PlanInputError("unknown member \(unknown) (members: \(members.joined(separator: ", ")))")
        }
        guard case .string(let department)? = o["department"], case .string(let level)? = o["level"],
              case .string(let period)? = o["period"], case .array(let list)? = o["visits"] else {
            throw PlanInputError("department, level and period are required strings and visits an array")
        }
        var visits: [NewVisit] = []
        for (n, v) in list.enumerated() { visits.append(try visit(v, n + 1)) }
        return PlanInput(department: department, level: level, period: period, visits: visits)
    }

    static func visit(_ v: JSONValue, _ n: Int) throws(PlanInputError) -> NewVisit {
        guard case .object(let o) = v, case .integer(let enterprise)? = o["enterprise"], case .string(let date)? = o["date"] else {
            throw PlanInputError("visit \(n): needs enterprise (a risk source fid) and date (YYYY-MM-DD)")
        }
        var items: [String] = []
        for item in o["items"]?.arrayValue ?? [] {
            guard case .string(let s) = item else { throw PlanInputError("visit \(n): items must be an array of strings") }
            items.append(s)
        }
        if let list = o["items"], list.arrayValue == nil { throw PlanInputError("visit \(n): items must be an array of strings") }
        return NewVisit(sourceID: enterprise, date: date, items: items)
    }

    /// Stores the plan in `tx` and returns its id.
    public func store(in tx: WriteTransaction) throws -> Int64 {
        try tx.createPlan(department: department, level: level, period: period, visits: visits)
    }
}

public struct PlanInputError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ d: String) { description = d }
}
