/// Why JSON text could not be parsed, with the byte offset where the parser stopped.
public struct JSONParseError: Error, CustomStringConvertible, Sendable, Equatable {
    public let offset: Int
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// A byte-level JSON (RFC 8259) parser: no Foundation, no intermediate strings for numbers, one pass over the
/// bytes. Nesting is limited so hostile input cannot exhaust the stack.
public struct JSONParser {
    public static let maxDepth = 256

    private let bytes: UnsafeRawBufferPointer
    private var i = 0
    private var depth = 0
    /// Added to every offset in errors, for callers parsing a slice of a larger stream.
    private let base: Int

    private init(_ bytes: UnsafeRawBufferPointer, base: Int) {
        self.bytes = bytes
        self.base = base
    }

    /// Parses one complete JSON document (surrounding whitespace allowed, nothing else).
    public static func parse(_ bytes: UnsafeRawBufferPointer, baseOffset: Int = 0) throws(JSONParseError) -> JSONValue {
        var p = JSONParser(bytes, base: baseOffset)
        p.skipWhitespace()
        if p.i == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { p.i = 3; p.skipWhitespace() }
        let value = try p.value()
        p.skipWhitespace()
        guard p.i == bytes.count else { throw p.error("unexpected text after the JSON value") }
        return value
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        do {
            return try bytes.withUnsafeBytes { try parse($0) }
        } catch let e as JSONParseError {
            throw e
        } catch {
            throw JSONParseError(offset: 0, reason: "\(error)")
        }
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private func error(_ reason: String) -> JSONParseError { JSONParseError(offset: base + i, reason: reason) }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    private mutating func value() throws(JSONParseError) -> JSONValue {
        guard i < bytes.count else { throw error("unexpected end of input") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character '\(Self.printable(bytes[i]))'")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw error("unexpected end of input") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] {
            throw error("unexpected character '\(Self.printable(bytes[i + k]))'")
        }
        i += n
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth) levels") }
    }

    private mutating func object() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        // Room for a typical feature's properties up front: growing a dictionary rehashes every key.
        var members: [String: JSONValue] = Dictionary(minimumCapacity: 16)
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let keyStart = i
            let key = try string()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after member name") }
            i += 1
            skipWhitespace()
            // A repeated name is ambiguous (readers keep the first, the last, or both): refused, not guessed.
            guard members.updateValue(try value(), forKey: key) == nil else {
                i = keyStart
                throw error("the member name \"\(key)\" appears twice")
            }
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func array() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw error("expected ',' or ']' in an array")
        }
    }

    /// A string; the common case without escapes is decoded straight from the input bytes.
    private mutating func string() throws(JSONParseError) -> String {
        i += 1
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if b < 0x20 { throw error("control character in a string") }
            i += 1
        }
        throw error("unterminated string")
    }

    private mutating func escapedString(from start: Int) throws(JSONParseError) -> String {
        var out: [UInt8] = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { throw error("unterminated string") }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): appendUTF8(try unicodeEscape(), to: &out)
                default: i -= 1; throw error("invalid escape '\\\(Self.printable(e))'")
                }
            default:
                if b < 0x20 { throw error("control character in a string") }
                out.append(b)
                i += 1
            }
        }
        throw error("unterminated string")
    }

    /// The scalar of `\uXXXX` (the `\u` already read), joining a surrogate pair; a lone surrogate becomes U+FFFD.
    private mutating func unicodeEscape() throws(JSONParseError) -> UInt32 {
        let first = try hex4()
        guard (0xD800...0xDBFF).contains(first) else { return (0xDC00...0xDFFF).contains(first) ? 0xFFFD : first }
        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return 0xFFFD }
        i += 2
        let second = try hex4()
        guard (0xDC00...0xDFFF).contains(second) else { return 0xFFFD }
        return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - 0x41 + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        out.append(contentsOf: String(Character(s)).utf8)
    }

    // MARK: Numbers

    /// Exact powers of ten as Doubles (10^22 is the largest a Double holds exactly).
    private static let powersOfTen: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { v, _ in v * 10 } }

    /// Parses a number. Integers that fit stay Int64. Decimals with at most 15 significant digits and a small
    /// exponent (every coordinate in practice) take Clinger's fast path: the digits and the power of ten are both
    /// exact Doubles, so one multiplication or division rounds correctly. Others go to the standard library.
    private mutating func number() throws(JSONParseError) -> JSONValue {
        let start = i
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw error("a number needs digits") }
        if bytes[i] == UInt8(ascii: "0"), i + 1 < bytes.count, isDigit(bytes[i + 1]) {
            throw error("a number must not start with 0")
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var exact = true
        while i < bytes.count, isDigit(bytes[i]) {
            accumulate(bytes[i], &mantissa, &digits, &exponent, &exact, fraction: false)
            i += 1
        }
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("digits must follow a decimal point") }
            while i < bytes.count, isDigit(bytes[i]) {
                accumulate(bytes[i], &mantissa, &digits, &exponent, &exact, fraction: true)
                i += 1
            }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            var sign = 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                if bytes[i] == UInt8(ascii: "-") { sign = -1 }
                i += 1
            }
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("digits must follow an exponent") }
            var e = 0
            while i < bytes.count, isDigit(bytes[i]) {
                if e < 100_000 { e = e * 10 + Int(bytes[i] - 0x30) }
                i += 1
            }
            exponent += sign * e
        }
        if isInteger, exact, mantissa <= UInt64(Int64.max) {
            return .integer(negative ? -Int64(mantissa) : Int64(mantissa))
        }
        if exact, digits <= 15, abs(exponent) <= 22 {
            let m = Double(mantissa)
            let v = exponent >= 0 ? m * Self.powersOfTen[exponent] : m / Self.powersOfTen[-exponent]
            return .number(negative ? -v : v)
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let v = Double(text), v.isFinite else { throw JSONParseError(offset: base + start, reason: "number \(text) is out of range") }
        return .number(v)
    }

    /// Adds one digit to the mantissa; leading zeros do not count as significant digits.
    private func accumulate(_ b: UInt8, _ mantissa: inout UInt64, _ digits: inout Int, _ exponent: inout Int,
                            _ exact: inout Bool, fraction: Bool) {
        let d = UInt64(b - 0x30)
        if mantissa == 0, d == 0 {
            if fraction { exponent -= 1 }
            return
        }
        let (m10, o1) = mantissa.multipliedReportingOverflow(by: 10)
        let (m, o2) = m10.addingReportingOverflow(d)
        if o1 || o2 {
            exact = false
            if !fraction { exponent += 1 }
            return
        }
        mantissa = m
        digits += 1
        if fraction { exponent -= 1 }
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func printable(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
    }
}
