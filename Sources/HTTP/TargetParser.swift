/// Splits and decodes a request target (RFC 9112 §3.2): origin-form "/path?query", or "*" for OPTIONS.
enum TargetParser {
    static func split(_ target: String, method: HTTPMethod) throws(HTTPError) -> (rawPath: Substring, path: String, query: QueryParameters) {
        if target == "*" {
            guard method == .options else { throw HTTPError(.badRequest, "the target * is only allowed with OPTIONS") }
            return ("*", "*", [:])
        }
        guard target.utf8.first == UInt8(ascii: "/") else {
            throw HTTPError(.badRequest, "the request target must be a path starting with /")
        }
        let question = target.utf8.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = target[..<(question ?? target.endIndex)]
        guard let path = percentDecode(rawPath.utf8, plusIsSpace: false) else {
            throw HTTPError(.badRequest, "the path has an invalid percent-encoding or is not UTF-8")
        }
        var pairs: [(name: String, value: String)] = []
        if let question {
            for part in target[target.index(after: question)...].split(separator: "&", omittingEmptySubsequences: true) {
                let eq = part.firstIndex(of: "=")
                let rawName = part[..<(eq ?? part.endIndex)]
                let rawValue = eq.map { part[part.index(after: $0)...] } ?? ""
                guard let name = percentDecode(rawName.utf8, plusIsSpace: true),
                      let value = percentDecode(rawValue.utf8, plusIsSpace: true) else {
                    throw HTTPError(.badRequest, "the query parameter '\(rawName)' has an invalid percent-encoding or is not UTF-8")
                }
                pairs.append((name, value))
            }
        }
        return (rawPath, path, QueryParameters(pairs))
    }

    /// Decodes %XX escapes (and '+' in query strings); nil for a broken escape or bytes that are not UTF-8.
    static func percentDecode(_ bytes: Substring.UTF8View, plusIsSpace: Bool) -> String? {
        if !bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(Substring(bytes))
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                let h = bytes.index(after: i)
                guard h != bytes.endIndex, bytes.index(after: h) != bytes.endIndex,
                      let hi = ASCII.hexValue(bytes[h]), let lo = ASCII.hexValue(bytes[bytes.index(after: h)]) else { return nil }
                out.append(UInt8(hi << 4 | lo))
                i = bytes.index(h, offsetBy: 2)
            } else {
                out.append(plusIsSpace && b == UInt8(ascii: "+") ? ASCII.space : b)
                i = bytes.index(after: i)
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}
