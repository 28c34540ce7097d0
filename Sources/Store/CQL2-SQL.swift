import GeoKit

/// A parsed CQL2 filter as SQL over one layer: every name checked against the layer's fields (the queryables),
/// every value normalised to how the layer stores it and bound as a parameter, never spliced into the text.
/// Spatial predicates go through the layer's R*Tree first.
struct CQL2Compiler {
    let layer: LayerSchema
    private(set) var parameters: [Value] = []

    init(layer: LayerSchema) { self.layer = layer }

    mutating func sql(_ e: CQL2) throws(StoreError) -> String {
        switch e {
        case .and(let parts): return "(" + (try parts.map { p throws(StoreError) in try sql(p) }).joined(separator: " AND ") + ")"
        case .or(let parts): return "(" + (try parts.map { p throws(StoreError) in try sql(p) }).joined(separator: " OR ") + ")"
        case .not(let inner): return "NOT (" + (try sql(inner)) + ")"
        case .compare(let name, let op, let literal):
            let (column, field) = try column(name)
            parameters.append(try value(literal, for: field, exact: op == .eq || op == .ne))
            return "\(column) \(op.rawValue) ?"
        case .like(let name, let pattern, let caseInsensitive):
            let (column, _) = try column(name)
            if caseInsensitive {
                parameters.append(.text(pattern))
                return "\(column) LIKE ? ESCAPE '\\'"
            }
            // CQL2's LIKE is case-sensitive and SQLite's is not: the same pattern as a GLOB.
            parameters.append(.text(Self.glob(pattern)))
            return "\(column) GLOB ?"
        case .in(let name, let literals):
            let (column, field) = try column(name)
            for l in literals { parameters.append(try value(l, for: field, exact: true)) }
            return "\(column) IN (\(Array(repeating: "?", count: literals.count).joined(separator: ", ")))"
        case .between(let name, let low, let high):
            let (column, field) = try column(name)
            parameters += [try value(low, for: field, exact: false), try value(high, for: field, exact: false)]
            return "\(column) BETWEEN ? AND ?"
        case .isNull(let name):
            return "\(try column(name).column) IS NULL"
        case .intersects(let g):
            let box = g.bbox
            parameters += [.real(box.minX), .real(box.maxX), .real(box.minY), .real(box.maxY), .text(WKT.encode(g))]
            return "(fid IN (\(SpatialIndex.meeting(layer, minX: "?", minY: "?", maxX: "?", maxY: "?"))) AND ST_Intersects(geom, GeomFromText(?, 4326)) = 1)"
        }
    }

    /// The quoted column of a queryable; `id` is the feature's id.
    private func column(_ name: String) throws(StoreError) -> (column: String, field: Field?) {
        if name == "id" || name == "fid" { return ("fid", nil) }
        guard let f = layer.field(name) else {
            throw .invalidQuery(["filter: unknown property '\(name)' (queryables of \(layer.name): id, \(layer.fields.map(\.name).joined(separator: ", ")))"])
        }
        return ("\"\(f.name)\"", f)
    }

    /// A literal as the column stores it: vocabulary codes from their aliases (an unknown code named, for an
    /// equality), instants as stored timestamps, booleans as 0/1, numbers for numeric columns.
    private func value(_ l: CQL2.Literal, for field: Field?, exact: Bool) throws(StoreError) -> Value {
        let name = field?.name ?? "id"
        func bad(_ why: String) -> StoreError { .invalidQuery(["filter: \(name) \(why)"]) }
        switch (field?.kind ?? .integer, l) {
        case (.integer, .integer(let i)), (.boolean, .integer(let i)): return .integer(i)
        case (.integer, .number(let d)), (.real, .number(let d)): return .real(d)
        case (.real, .integer(let i)): return .real(Double(i))
        case (.boolean, .boolean(let b)): return .integer(b ? 1 : 0)
        case (.integer, .text(let s)), (.real, .text(let s)):
            guard let d = Double(s) else { throw bad("is a number; '\(s)' is not") }
            return field?.kind == .integer && d == d.rounded() ? .integer(Int64(d)) : .real(d)
        case (.timestamp, .text(let s)), (.timestamp, .instant(let s)):
            guard let t = Timestamp.normalise(s) else { throw bad("is a time; '\(s)' is not RFC 3339") }
            return .text(t)
        case (.date, .text(let s)), (.date, .instant(let s)):
            return .text(String(s.prefix(10)))
        case (.text, .text(let s)):
            guard let f = field, f.vocabulary != nil, exact else { return .text(s) }
            switch Validator(layer: layer).normalise(.text(s), for: f) {
            case .success(let v): return v
            case .failure(let p): throw bad(p.reason)
            }
        case (.text, .integer(let i)): return .text(String(i))
        case (.text, .number(let d)): return .text(String(d))
        default:
            throw bad("is \(field?.kind.rawValue ?? "integer"); the filter compares it with \(l)")
        }
    }

    /// A LIKE pattern (% any run, _ one character, \ escapes) as a GLOB pattern.
    static func glob(_ like: String) -> String {
        var out = ""
        var escaped = false
        for c in like {
            if escaped {
                out += "*?[".contains(c) ? "[\(c)]" : String(c)
                escaped = false
                continue
            }
            switch c {
            case "\\": escaped = true
            case "%": out += "*"
            case "_": out += "?"
            case "*", "?", "[": out += "[\(c)]"
            default: out.append(c)
            }
        }
        return out
    }
}
