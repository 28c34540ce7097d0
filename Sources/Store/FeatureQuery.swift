import GeoKit

/// What a client asks of a layer's items (OGC API – Features `items` parameters), checked against the
/// layer before any SQL is built: unknown properties are refused with the list of known ones.
public struct FeatureQuery: Sendable {
    public enum TimeFilter: Sendable, Equatable {
        /// Features valid at this instant.
        case instant(String)
        /// Features whose window meets [from, to]; nil is an open end.
        case interval(from: String?, to: String?)
    }

    public var bbox: BBox?
    public var limit: Int
    public var offset: Int
    public var datetime: TimeFilter?
    /// Equality filters: a feature matches when the field equals one of the values.
    public var filters: [(field: String, values: [Value])]
    public var sortBy: [(field: String, ascending: Bool)]
    /// The properties to return (nil: all).
    public var properties: [String]?
    /// Free-text terms (OGC API – Records `q`): a feature matches when any term occurs in any of the layer's
    /// `searchFields`, ignoring ASCII case. Empty: no text condition.
    public var search: [String]
    /// A CQL2 filter (OGC API – Features Part 3), applied with the other conditions.
    public var filter: CQL2?

    public init(bbox: BBox? = nil, limit: Int = 100, offset: Int = 0, datetime: TimeFilter? = nil,
                filters: [(field: String, values: [Value])] = [], sortBy: [(field: String, ascending: Bool)] = [],
                properties: [String]? = nil, search: [String] = []) {
        self.bbox = bbox
        self.limit = limit
        self.offset = offset
        self.datetime = datetime
        self.filters = filters
        self.sortBy = sortBy
        self.properties = properties
        self.search = search
    }

    /// The most `q` terms one query may have: each adds a LIKE per searched field, and SQLite refuses an
    /// expression deeper than 1,000.
    public static let maxSearchTerms = 16

    /// The fields free text is matched against: names everywhere, and an enterprise's credit code.
    public static let searchFields: Set<String> = ["name", "credit_code"]
}

/// A query made safe for SQL: identifiers come from the layer's schema, values are bound parameters.
struct CompiledQuery {
    let whereSQL: String
    let orderSQL: String
    let parameters: [Value]
    let fields: [Field]

    init(_ q: FeatureQuery, layer: LayerSchema) throws(StoreError) {
        var conditions: [String] = []
        var parameters: [Value] = []
        var problems: [String] = []
        func known(_ name: String) -> Field? {
            if let f = layer.field(name) { return f }
            problems.append("unknown property '\(name)' (properties of \(layer.name): \(layer.fields.map(\.name).joined(separator: ", ")))")
            return nil
        }
        if let b = q.bbox {
            conditions.append("fid IN (\(SpatialIndex.meeting(layer, minX: "?", minY: "?", maxX: "?", maxY: "?")))")
            conditions.append("MbrIntersects(geom, BuildMbr(?, ?, ?, ?))")
            parameters += [.real(b.minX), .real(b.maxX), .real(b.minY), .real(b.maxY), .real(b.minX), .real(b.minY), .real(b.maxX), .real(b.maxY)]
        }
        if let time = q.datetime, let window = layer.timeWindow {
            let (from, to): (String?, String?) = switch time {
            case .instant(let t): (t, t)
            case .interval(let a, let b): (a, b)
            }
            if let to {
                conditions.append("(\"\(window.from)\" IS NULL OR \"\(window.from)\" <= ?)")
                parameters.append(.text(to))
            }
            if let from {
                conditions.append("(\"\(window.to)\" IS NULL OR \"\(window.to)\" >= ?)")
                parameters.append(.text(from))
            }
        }
        let validator = Validator(layer: layer)
        for (name, values) in q.filters {
            guard let field = known(name) else { continue }
            var normalised: [Value] = []
            for v in values {
                switch validator.normalise(v, for: Field(field.name, field.kind, vocabulary: field.vocabulary, aliases: field.aliases,
                                                         title: field.title, zh: field.titleZh)) {
                case .success(let n): normalised.append(n)
                case .failure(let p): problems.append("\(name): \(p.reason)")
                }
            }
            if normalised.contains(.null) || normalised.isEmpty {
                conditions.append("\"\(field.name)\" IS NULL")
            } else {
                conditions.append("\"\(field.name)\" IN (\(Array(repeating: "?", count: normalised.count).joined(separator: ", ")))")
                parameters += normalised
            }
        }
        if let filter = q.filter {
            var compiler = CQL2Compiler(layer: layer)
            do {
                conditions.append(try compiler.sql(filter))
                parameters += compiler.parameters
            } catch {
                if case .invalidQuery(let p) = error { problems += p } else { throw error }
            }
        }
        let terms = q.search.filter { !$0.isEmpty }
        if terms.count > FeatureQuery.maxSearchTerms {
            problems.append("q has \(terms.count) terms; at most \(FeatureQuery.maxSearchTerms)")
        } else if !terms.isEmpty {
            let searched = layer.fields.filter { FeatureQuery.searchFields.contains($0.name) }
            if searched.isEmpty {
                problems.append("q: \(layer.name) has no name to search")
            } else {
                // LIKE wildcards in the user's text are escaped, so '50%' finds '50%' and not '50' followed by anything.
                var any: [String] = []
                for term in terms {
                    let pattern = "%" + Self.escapeLike(term) + "%"
                    for f in searched {
                        any.append("\"\(f.name)\" LIKE ? ESCAPE '\\'")
                        parameters.append(.text(pattern))
                    }
                }
                conditions.append("(" + any.joined(separator: " OR ") + ")")
            }
        }
        var order: [String] = []
        for (name, ascending) in q.sortBy {
            guard let field = known(name) else { continue }
            order.append("\"\(field.name)\" \(ascending ? "ASC" : "DESC")")
        }
        order.append("fid ASC")
        var fields = layer.fields
        if let wanted = q.properties {
            fields = wanted.compactMap(known)
        }
        if q.limit < 0 { problems.append("limit must not be negative") }
        if q.offset < 0 { problems.append("offset must not be negative") }
        guard problems.isEmpty else { throw .invalidQuery(problems) }
        whereSQL = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        orderSQL = " ORDER BY " + order.joined(separator: ", ")
        self.parameters = parameters
        self.fields = fields
    }

    /// `text` with LIKE's wildcards and its escape character taken literally (escape character: backslash).
    static func escapeLike(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "\\" || c == "%" || c == "_" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
