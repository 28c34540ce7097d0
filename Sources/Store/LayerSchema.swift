import GeoKit

/// One attribute of a layer: its SQL column, its type and what values it accepts.
public struct Field: Sendable {
    public enum Kind: String, Sendable {
        case integer, real, text, boolean
        /// ISO 8601 UTC text, `YYYY-MM-DDTHH:MM:SSZ`, so that text order is time order.
        case timestamp
        /// A date, `YYYY-MM-DD`.
        case date
    }

    public let name: String
    public let kind: Kind
    public let required: Bool
    /// Accepted codes, stored as given; `aliases` maps other spellings (Chinese names) to a code.
    public internal(set) var vocabulary: [String]?
    public internal(set) var aliases: [String: String]
    public let range: ClosedRange<Double>?
    /// Written by riskmap itself (colours, timestamps); clients cannot set it.
    public let computed: Bool
    public let defaultValue: Value
    /// The layer whose `fid` this field refers to (enforced by a foreign key).
    public let references: String?
    public let title: String
    public let titleZh: String

    public init(_ name: String, _ kind: Kind, required: Bool = false, vocabulary: [String]? = nil,
                aliases: [String: String] = [:], range: ClosedRange<Double>? = nil, computed: Bool = false,
                default defaultValue: Value = .null, references: String? = nil, title: String, zh: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.vocabulary = vocabulary
        self.aliases = aliases
        self.range = range
        self.computed = computed
        self.defaultValue = defaultValue
        self.references = references
        self.title = title
        self.titleZh = zh
    }

    var sqlType: String {
        switch kind {
        case .integer, .boolean: "INTEGER"
        case .real: "REAL"
        case .text, .timestamp, .date: "TEXT"
        }
    }

    /// The column definition with the checks SQLite itself enforces, so that even writers other than
    /// riskmap (QGIS, ogr2ogr) cannot store an unknown level or an out-of-range score.
    var columnSQL: String {
        var s = "\"\(name)\" \(sqlType)"
        if required { s += " NOT NULL" }
        if !defaultValue.isNull { s += " DEFAULT \(Field.literal(defaultValue))" }
        if let vocabulary {
            s += " CHECK (\"\(name)\" IN (\(vocabulary.map { "'\($0)'" }.joined(separator: ","))))"
        }
        if let range { s += " CHECK (\"\(name)\" BETWEEN \(range.lowerBound) AND \(range.upperBound))" }
        if kind == .boolean { s += " CHECK (\"\(name)\" IN (0,1))" }
        if let references { s += " REFERENCES \(references)(fid)" }
        return s
    }

    private static func literal(_ v: Value) -> String {
        switch v {
        case .text(let t): "'\(t.replacingOccurrences(of: "'", with: "''"))'"
        default: v.description
        }
    }
}

/// A layer: one SpatiaLite table with a registered geometry column named `geom` in EPSG:4326.
public struct LayerSchema: Sendable {
    public let name: String
    public let title: String
    public let titleZh: String
    /// The geometry kinds a feature may have; the first is the one the layer is drawn as.
    public let geometryKinds: [GeometryKind]
    /// The type registered in geometry_columns (GEOMETRY when several kinds are allowed).
    public let declaredType: String
    /// A feature may omit its geometry (risks then take their source's location).
    public let geometryOptional: Bool
    public internal(set) var fields: [Field]
    /// The fields holding a feature's validity window, for layers with temporary features.
    public let timeWindow: (from: String, to: String)?
    /// Fields a client may write, in column order (kept, not filtered per call: validation reads it per row).
    public internal(set) var writableFields: [Field]

    public init(name: String, title: String, zh: String, geometryKinds: [GeometryKind], declaredType: String,
                geometryOptional: Bool = false, fields: [Field], timeWindow: (from: String, to: String)? = nil) {
        self.name = name
        self.title = title
        self.titleZh = zh
        self.geometryKinds = geometryKinds
        self.declaredType = declaredType
        self.geometryOptional = geometryOptional
        self.fields = fields + [Field("updated_at", .timestamp, computed: true, title: "Last change", zh: "更新时间")]
        writableFields = self.fields.filter { !$0.computed }
        self.timeWindow = timeWindow
    }

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
}
