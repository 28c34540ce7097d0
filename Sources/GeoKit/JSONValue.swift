/// A parsed JSON value. Integers without fraction or exponent that fit 64 bits stay integers, so that a
/// property such as `"capacity": 2400` comes back as the integer it was written as.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(_ key: String) -> JSONValue? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }

    /// The value of a number, integer or not.
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    public var isNull: Bool { self == .null }

    /// A word for the kind of value, for error messages ("coordinates must be an array, not a string").
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONWriter {
    /// Writes a parsed value back as JSON text (object members in key order, so the text is deterministic).
    public mutating func json(_ v: JSONValue) {
        switch v {
        case .null: raw("null")
        case .bool(let b): bool(b)
        case .integer(let i): number(i)
        case .number(let d): number(d)
        case .string(let s): string(s)
        case .array(let items):
            byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                json(item)
            }
            byte(UInt8(ascii: "]"))
        case .object(let members):
            byte(UInt8(ascii: "{"))
            for (i, k) in members.keys.sorted().enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                key(k)
                json(members[k]!)
            }
            byte(UInt8(ascii: "}"))
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }

    /// A text that may be missing: a string or null.
    public static func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    /// A whole number that may be missing: an integer or null.
    public static func int(_ i: Int?) -> JSONValue { i.map { .integer(Int64($0)) } ?? .null }
}
