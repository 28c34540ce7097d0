/// A column or attribute value, as SQLite stores it (geometry travels separately as `Geometry`).
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public var isNull: Bool { if case .null = self { true } else { false } }

    public var intValue: Int64? {
        switch self {
        case .integer(let v): v
        case .real(let v) where v == v.rounded() && abs(v) < 9.0e15: Int64(v)
        default: nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let v): Double(v)
        case .real(let v): v
        default: nil
        }
    }

    public var textValue: String? { if case .text(let s) = self { s } else { nil } }

    public var description: String {
        switch self {
        case .null: "null"
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let s): s
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(nilLiteral: ()) { self = .null }
}
