/// RFC 9457 problem details as JSON bytes.
enum Problem {
    static func json(type: String, title: String, status: Int, detail: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96 + title.utf8.count + detail.utf8.count)
        out.append(contentsOf: #"{"type":"#.utf8)
        appendString(type, to: &out)
        out.append(contentsOf: #","title":"#.utf8)
        appendString(title, to: &out)
        out.append(contentsOf: #","status":\#(status),"detail":"#.utf8)
        appendString(detail, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// A JSON string literal; control characters, quotes and backslashes escaped.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
