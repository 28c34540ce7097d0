/// One CSV record: its fields and the file line it starts on (1-based; the header is line 1).
public struct CSVRecord: Sendable {
    public let line: Int
    public let fields: [String]
}

public struct CSVError: Error, CustomStringConvertible, Sendable {
    public let line: Int
    public let reason: String
    public var description: String { "line \(line): \(reason)" }
}

/// An RFC 4180 CSV reader over UTF-8 text supplied in chunks: quoted fields with doubled quotes, delimiters
/// and line breaks inside quotes, CRLF, LF or CR line ends, a UTF-8 byte-order mark. Blank lines are skipped.
public struct CSVReader {
    private let read: () throws -> [UInt8]?
    private let delimiter: UInt8
    private var buffer: [UInt8] = []
    private var pos = 0
    private var eof = false
    private var line = 1
    private var started = false

    public init(delimiter: UInt8 = UInt8(ascii: ","), read: @escaping () throws -> [UInt8]?) {
        self.delimiter = delimiter
        self.read = read
    }

    /// The next byte without consuming it, or nil at the end of input.
    private mutating func peek() throws -> UInt8? {
        while pos >= buffer.count {
            guard !eof, let chunk = try read() else { eof = true; return nil }
            buffer = chunk
            pos = 0
        }
        return buffer[pos]
    }

    public mutating func next() throws -> CSVRecord? {
        if !started {
            started = true
            if try peek() == 0xEF {
                // A byte-order mark is three bytes; it may straddle chunks, so take them one by one.
                var bom: [UInt8] = []
                for _ in 0..<3 { if let b = try peek() { bom.append(b); pos += 1 } }
                if bom != [0xEF, 0xBB, 0xBF] { throw CSVError(line: 1, reason: "the file starts with bytes that are not UTF-8 text") }
            }
        }
        while true {
            guard let first = try peek() else { return nil }
            // Skip blank lines.
            if first == 0x0A || first == 0x0D {
                try endOfLine()
                continue
            }
            let startLine = line
            var fields: [String] = []
            var field: [UInt8] = []
            while true {
                guard let b = try peek() else {
                    fields.append(String(decoding: field, as: UTF8.self))
                    return CSVRecord(line: startLine, fields: fields)
                }
                if b == UInt8(ascii: "\""), field.isEmpty {
                    pos += 1
                    try quoted(into: &field, startLine: startLine)
                    continue
                }
                if b == delimiter {
                    pos += 1
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                    continue
                }
                if b == 0x0A || b == 0x0D {
                    try endOfLine()
                    fields.append(String(decoding: field, as: UTF8.self))
                    return CSVRecord(line: startLine, fields: fields)
                }
                field.append(b)
                pos += 1
            }
        }
    }

    /// Consumes one line end: CRLF, LF or CR.
    private mutating func endOfLine() throws {
        let b = try peek()
        pos += 1
        line += 1
        if b == 0x0D, try peek() == 0x0A { pos += 1 }
    }

    /// Reads a quoted field after its opening quote, up to the closing quote, which must end the field.
    private mutating func quoted(into field: inout [UInt8], startLine: Int) throws {
        while true {
            guard let b = try peek() else {
                throw CSVError(line: startLine, reason: "a quoted field starting here never ends")
            }
            pos += 1
            if b == UInt8(ascii: "\"") {
                if try peek() == UInt8(ascii: "\"") {
                    field.append(b)
                    pos += 1
                    continue
                }
                if let after = try peek(), after != delimiter, after != 0x0A, after != 0x0D {
                    throw CSVError(line: line, reason: "a closing quote must end the field (use \"\" for a quote inside it)")
                }
                return
            }
            if b == 0x0A { line += 1 }
            if b == 0x0D {
                line += 1
                if try peek() == 0x0A { field.append(b); pos += 1; field.append(0x0A); continue }
            }
            field.append(b)
        }
    }
}
