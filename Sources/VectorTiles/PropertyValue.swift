/// A feature attribute as the caller has it. The encoder picks the vector-tile value type (see `TagValue`).
public enum PropertyValue: Hashable, Sendable {
    case string(String)
    case double(Double)
    case int(Int64)
    case bool(Bool)
}

extension PropertyValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// A value as written to a layer's value table, in the most compact vector-tile type that keeps it exactly:
/// non-negative integers as uint (varint), negative ones as sint (zigzag, where int would take ten bytes),
/// doubles as float when the 32-bit float is the same number, else as double. Doubles are keyed by bit
/// pattern so that equal values share one table entry and NaN does not break hashing; strings by their UTF-8
/// bytes, which is what the tile stores, and far cheaper to hash than `String`'s Unicode-normalised equality.
enum TagValue: Hashable {
    case string(String)
    case float(UInt32)
    case double(UInt64)
    case uint(UInt64)
    case sint(Int64)
    case bool(Bool)

    init(_ value: PropertyValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .int(let i): self = i >= 0 ? .uint(UInt64(i)) : .sint(i)
        case .bool(let b): self = .bool(b)
        case .double(let d):
            let f = Float(d)
            self = Double(f) == d ? .float(f.bitPattern) : .double(d.bitPattern)
        }
    }

    /// Bytes of the Value message body.
    var messageSize: Int {
        switch self {
        case .string(let s): ProtobufWriter.fieldSize(length: s.utf8.count)
        case .float: 1 + 4
        case .double: 1 + 8
        case .uint(let v): 1 + ProtobufWriter.varintSize(v)
        case .sint(let v): 1 + ProtobufWriter.varintSize(ProtobufWriter.zigzag(v))
        case .bool: 1 + 1
        }
    }

    /// Writes the Value message body (fields of vector_tile.proto's Tile.Value).
    func write(to w: inout ProtobufWriter) {
        switch self {
        case .string(let s): w.string(1, s)
        case .float(let bits): w.key(2, .fixed32); w.fixed32(bits)
        case .double(let bits): w.key(3, .fixed64); w.fixed64(bits)
        case .uint(let v): w.key(5, .varint); w.varint(v)
        case .sint(let v): w.key(6, .varint); w.varint(ProtobufWriter.zigzag(v))
        case .bool(let b): w.key(7, .varint); w.varint(b ? 1 : 0)
        }
    }
}

extension TagValue {
    static func == (a: TagValue, b: TagValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): UTF8Key(x) == UTF8Key(y)
        case (.float(let x), .float(let y)): x == y
        case (.double(let x), .double(let y)): x == y
        case (.uint(let x), .uint(let y)): x == y
        case (.sint(let x), .sint(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        default: false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let s): hasher.combine(0 as UInt8); UTF8Key(s).hash(into: &hasher)
        case .float(let v): hasher.combine(1 as UInt8); hasher.combine(v)
        case .double(let v): hasher.combine(2 as UInt8); hasher.combine(v)
        case .uint(let v): hasher.combine(3 as UInt8); hasher.combine(v)
        case .sint(let v): hasher.combine(4 as UInt8); hasher.combine(v)
        case .bool(let v): hasher.combine(5 as UInt8); hasher.combine(v)
        }
    }
}

/// A string compared and hashed by its UTF-8 bytes: keys and values are deduplicated per layer on every
/// feature, and byte equality is both what the tile stores and much cheaper than `String`'s.
struct UTF8Key: Hashable {
    var string: String

    init(_ string: String) { self.string = string }

    static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        var a = a.string, b = b.string
        return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && x.elementsEqual(y) } }
    }

    func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
