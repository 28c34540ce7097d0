/// Header fields in the order received or added. Names compare ASCII case-insensitively; values are kept as sent.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public private(set) var fields: [(name: String, value: String)]

    public init() { fields = [] }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }

    /// The first value of `name`, if present.
    public subscript(name: String) -> String? {
        fields.first { Self.equal($0.name, name) }?.value
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.equal($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { fields.contains { Self.equal($0.name, name) } }

    /// How many fields are named `name`.
    public func count(of name: String) -> Int { fields.reduce(0) { $0 + (Self.equal($1.name, name) ? 1 : 0) } }

    /// Whether any value of `name`, read as a comma-separated list, holds `token` (case-insensitive). On the
    /// bytes, making no string: every response and keep-alive check asks.
    public func containsToken(_ name: String, _ token: String) -> Bool {
        fields.contains { field in
            guard Self.equal(field.name, name) else { return false }
            // Item by item between commas, without an array of the items.
            let value = field.value.utf8
            var start = value.startIndex
            while start < value.endIndex {
                let end = value[start...].firstIndex(of: UInt8(ascii: ",")) ?? value.endIndex
                if Self.equal(Self.trimmingOWS(value[start..<end]), token.utf8) { return true }
                start = end < value.endIndex ? value.index(after: end) : end
            }
            return false
        }
    }

    private static func trimmingOWS(_ s: Substring.UTF8View) -> Substring.UTF8View {
        let isOWS = { (b: UInt8) in b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        var s = s
        while let f = s.first, isOWS(f) { s = s.dropFirst() }
        while let l = s.last, isOWS(l) { s = s.dropLast() }
        return s
    }

    public mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Replaces every value of `name` by one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.equal($0.name, name) }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }

    static func equal(_ a: String, _ b: String) -> Bool {
        // Most names are compared with the same spelling, or differ in length: both answered without a loop.
        a.utf8.count == b.utf8.count && (a == b || equal(a.utf8[...], b.utf8))
    }

    /// ASCII case-insensitive equality of two byte sequences.
    static func equal<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        var j = b.startIndex
        for x in a {
            if x != b[j] && ASCII.lower(x) != ASCII.lower(b[j]) { return false }
            j = b.index(after: j)
        }
        return true
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingOWS() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
