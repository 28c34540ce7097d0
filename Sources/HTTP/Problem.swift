import JSONText

/// RFC 9457 problem details as JSON bytes.
enum Problem {
    static func json(type: String, title: String, status: Int, detail: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96 + title.utf8.count + detail.utf8.count)
        out.append(contentsOf: #"{"type":"#.utf8)
        JSONString.append(utf8: type.utf8, to: &out)
        out.append(contentsOf: #","title":"#.utf8)
        JSONString.append(utf8: title.utf8, to: &out)
        out.append(contentsOf: #","status":\#(status),"detail":"#.utf8)
        JSONString.append(utf8: detail.utf8, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
