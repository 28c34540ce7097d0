import JSONText

/// Writes JSON text into one growing UTF-8 buffer. Callers emit structure; this type gets escaping and
/// number formatting right (shortest round-trip doubles written without a String each, `JSONNumber`; no NaN or
/// infinity: those become null).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    @inlinable public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { append(contentsOf: $0) }
    }

    @usableFromInline mutating func append(contentsOf buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }

    public mutating func rawString(_ s: String) {
        bytes.append(contentsOf: s.utf8)
    }

    public mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// Drops what was written after `count` bytes (to undo a partial write).
    public mutating func truncate(to count: Int) { bytes.removeSubrange(count...) }

    /// Appends again what was written at `range` (a value that occurs twice).
    public mutating func repeatText(_ range: Range<Int>) {
        let end = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: range.count))
        bytes.withUnsafeMutableBufferPointer { b in
            (b.baseAddress! + end).update(from: b.baseAddress! + range.lowerBound, count: range.count)
        }
    }

    /// Appends text that is already JSON (a stored fragment).
    public mutating func json(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes.append(contentsOf: bytes) }

    public mutating func number(_ v: Double) {
        if v.isFinite {
            JSONNumber.append(v, to: &bytes)
        } else {
            raw("null")
        }
    }

    public mutating func number(_ v: Int64) { JSONNumber.append(v, to: &bytes) }

    /// A real number always written as one (`50.0`, not `50`): a client that types a field from the values it
    /// sees first (GDAL reads an OGC API page so) must not take a real field for an integer one.
    public mutating func real(_ v: Double) {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 {
            JSONNumber.append(Int64(v), to: &bytes)
            raw(".0")
        } else {
            number(v)
        }
    }

    public mutating func bool(_ v: Bool) { v ? raw("true") : raw("false") }

    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { string(utf8: $0) }
    }

    /// A JSON string from UTF-8 bytes (a SQLite text column, read in place).
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        JSONString.append(utf8: utf8, to: &bytes)
    }

    /// Writes `"key":`.
    public mutating func key(_ k: String) {
        string(k)
        bytes.append(UInt8(ascii: ":"))
    }

    /// `[`, the elements with commas between them, `]`: `element` writes one.
    public mutating func array<S: Sequence>(_ elements: S, _ element: (inout JSONWriter, S.Element) throws -> Void) rethrows {
        bytes.append(UInt8(ascii: "["))
        try commaSeparated(elements, element)
        bytes.append(UInt8(ascii: "]"))
    }

    /// `{`, the members with commas between them, `}`: `member` writes one, its `key` and then its value.
    public mutating func object<S: Sequence>(_ members: S, _ member: (inout JSONWriter, S.Element) throws -> Void) rethrows {
        bytes.append(UInt8(ascii: "{"))
        try commaSeparated(members, member)
        bytes.append(UInt8(ascii: "}"))
    }

    /// An array of strings.
    public mutating func strings<S: Sequence<String>>(_ elements: S) {
        array(elements) { w, s in w.string(s) }
    }

    /// An array of numbers.
    public mutating func numbers<S: Sequence<Double>>(_ elements: S) {
        array(elements) { w, v in w.number(v) }
    }

    /// The items with commas between them, no brackets: for an array or object whose first items were
    /// written already, or that continues after them.
    public mutating func commaSeparated<S: Sequence>(_ items: S, _ item: (inout JSONWriter, S.Element) throws -> Void) rethrows {
        var first = true
        for e in items {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            try item(&self, e)
        }
    }
}
