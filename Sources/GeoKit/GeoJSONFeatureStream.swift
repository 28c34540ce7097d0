/// Reads the features of a GeoJSON FeatureCollection one at a time from text supplied in chunks, so a file of
/// any size is read with memory for one chunk and one feature.
///
/// The collection's other members ("type", "bbox", "name", foreign members) may come before or after
/// "features"; they are parsed and dropped. A document that is a single Feature, or a bare geometry, yields that
/// one feature. A syntax error ends the stream (thrown); a feature that is valid JSON but not a valid feature is
/// returned as a failure with its number, and the stream carries on.
public struct GeoJSONFeatureStream {
    /// One feature: its 1-based number in the collection and the decoded feature or why it is not one.
    public struct Item: Sendable {
        public let number: Int
        public let result: Result<GeoJSON.Feature, GeoJSON.DecodeError>
    }

    private let read: () throws -> [UInt8]?
    private var buffer: [UInt8] = []
    /// Position in `buffer`; `dropped` bytes before the buffer's start have been consumed and released.
    private var pos = 0
    private var dropped = 0
    private var eof = false
    private var state = State.start
    private var count = 0
    /// Members of the top-level object other than "features", kept only until a single Feature is recognised.
    private var topMembers: [String: JSONValue] = [:]
    private var sawFeatures = false
    private var afterFeature = false

    /// The most bytes held at once, for callers checking that memory stays bounded.
    public private(set) var peakBufferedBytes = 0

    private enum State { case start, members, features, done }

    /// `read` returns the next chunk of the document, or nil at its end.
    public init(read: @escaping () throws -> [UInt8]?) {
        self.read = read
    }

    /// Bytes consumed so far (for progress).
    public var bytesConsumed: Int { dropped + pos }

    /// The next feature, or nil at the end of the document.
    public mutating func next() throws -> Item? {
        while true {
            switch state {
            case .done: return nil
            case .start:
                try skipWhitespace()
                if dropped == 0, pos == 0, try ensure(3), buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                    pos = 3
                    try skipWhitespace()
                }
                guard try peek() == UInt8(ascii: "{") else { throw syntax("a GeoJSON document must be an object") }
                pos += 1
                state = .members
                try skipWhitespace()
                if try peek() == UInt8(ascii: "}") {
                    pos += 1
                    return try finish()
                }
            case .members:
                try skipWhitespace()
                let keyRange = try scanValue()
                let key = try parse(keyRange)
                guard case .string(let name) = key else { throw syntax("expected a member name in quotes", at: keyRange.lowerBound) }
                try skipWhitespace()
                guard try peek() == UInt8(ascii: ":") else { throw syntax("expected ':' after member name") }
                pos += 1
                try skipWhitespace()
                if name == "features" {
                    guard try peek() == UInt8(ascii: "[") else { throw syntax("features must be an array") }
                    pos += 1
                    sawFeatures = true
                    topMembers.removeAll()
                    state = .features
                    try skipWhitespace()
                    if try peek() == UInt8(ascii: "]") {
                        pos += 1
                        if let item = try endOfMember() { return item }
                    }
                } else {
                    // Two statements: `parse` must see the buffer as `scanValue` left it.
                    let range = try scanValue()
                    let value = try parse(range)
                    if !sawFeatures { topMembers[name] = value }
                    if let item = try endOfMember() { return item }
                }
            case .features:
                try skipWhitespace()
                if afterFeature {
                    // The separator after a feature is checked when the next one is asked for, so every complete
                    // feature is returned before a syntax error that follows it.
                    afterFeature = false
                    switch try peek() {
                    case UInt8(ascii: ","):
                        pos += 1
                    case UInt8(ascii: "]"):
                        pos += 1
                        state = .members
                        _ = try endOfMember()
                        continue
                    default:
                        throw syntax("expected ',' or ']' between features")
                    }
                    try skipWhitespace()
                }
                let range = try scanValue()
                let value = try parse(range)
                count += 1
                afterFeature = true
                return Item(number: count, result: Result { () throws(GeoJSON.DecodeError) in try GeoJSON.feature(value) })
            }
        }
    }

    /// After a top-level member: a ',' (more members) or the closing '}'.
    private mutating func endOfMember() throws -> Item? {
        try skipWhitespace()
        switch try peek() {
        case UInt8(ascii: ","):
            pos += 1
            if state != .done { state = .members }
            return nil
        case UInt8(ascii: "}"):
            pos += 1
            return try finish()
        default:
            throw syntax("expected ',' or '}' after a member")
        }
    }

    /// The end of the top-level object: only whitespace may follow. A lone Feature or geometry becomes one item.
    private mutating func finish() throws -> Item? {
        try skipWhitespace()
        guard pos >= buffer.count, try !ensure(1) else { throw syntax("unexpected text after the GeoJSON object") }
        state = .done
        guard !sawFeatures else { return nil }
        let whole = JSONValue.object(topMembers)
        topMembers.removeAll()
        let type = whole["type"]?.stringValue
        if type == "FeatureCollection" { return nil }
        count = 1
        if type == "Feature" {
            return Item(number: 1, result: Result { () throws(GeoJSON.DecodeError) in try GeoJSON.feature(whole) })
        }
        return Item(number: 1, result: Result { () throws(GeoJSON.DecodeError) in
            GeoJSON.Feature(geometry: try GeoJSON.geometry(whole), properties: [:])
        })
    }

    // MARK: Bytes

    /// Makes at least `n` bytes available from `pos`, reading chunks; false at the end of input.
    private mutating func ensure(_ n: Int, keepFrom: Int? = nil) throws -> Bool {
        var keep = keepFrom ?? pos
        while buffer.count - pos < n {
            guard !eof else { return false }
            guard let chunk = try read() else { eof = true; return false }
            // Release what is consumed before growing, so the buffer holds one chunk plus the value being read.
            let cut = min(keep, pos)
            if cut > 0 {
                buffer.removeSubrange(0..<cut)
                dropped += cut
                pos -= cut
                keep -= cut
            }
            buffer.append(contentsOf: chunk)
            peakBufferedBytes = max(peakBufferedBytes, buffer.count)
        }
        return true
    }

    private mutating func peek() throws -> UInt8 {
        guard try ensure(1) else { throw syntax("unexpected end of input") }
        return buffer[pos]
    }

    private mutating func skipWhitespace() throws {
        while true {
            while pos < buffer.count {
                switch buffer[pos] {
                case 0x20, 0x0A, 0x0D, 0x09: pos += 1
                default: return
                }
            }
            guard try ensure(1) else { return }
        }
    }

    /// The byte range of the complete JSON value starting at `pos` (which moves past it); the value is only
    /// delimited here, `parse` checks its grammar.
    private mutating func scanValue() throws -> Range<Int> {
        guard try ensure(1) else { throw syntax("unexpected end of input") }
        var start = pos
        var i = pos
        var depth = 0
        var inString = false
        var escaped = false
        while true {
            if i >= buffer.count {
                let before = dropped
                pos = i
                let more = try ensure(1, keepFrom: start)
                let shift = dropped - before
                start -= shift
                i -= shift
                if !more {
                    if depth == 0, !inString, i > start { pos = i; return start..<i }
                    throw syntax("unexpected end of input inside a value", at: start)
                }
            }
            let b = buffer[i]
            if inString {
                if escaped { escaped = false }
                else if b == UInt8(ascii: "\\") { escaped = true }
                else if b == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { pos = i + 1; return start..<(i + 1) }
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { pos = i; return start..<i }
                depth -= 1
                if depth == 0 { pos = i + 1; return start..<(i + 1) }
            case UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ":"):
                if depth == 0 { pos = i; return start..<i }
            default: break
            }
            i += 1
        }
    }

    private func parse(_ range: Range<Int>) throws -> JSONValue {
        guard !range.isEmpty else { throw syntax("expected a value", at: range.lowerBound) }
        return try buffer.withUnsafeBytes { raw throws(JSONParseError) in
            try JSONParser.parse(UnsafeRawBufferPointer(rebasing: raw[range]), baseOffset: dropped + range.lowerBound)
        }
    }

    private func syntax(_ reason: String, at index: Int? = nil) -> JSONParseError {
        JSONParseError(offset: dropped + (index ?? pos), reason: reason)
    }
}
