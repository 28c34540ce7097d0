/// Strong entity tags and If-None-Match (RFC 9110 §8.8.3, §13.1.2).
public enum ETag {
    /// A strong tag from the bytes: FNV-1a 64 in hex, quoted.
    public static func of(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let hex = String(h, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    /// The tag of the gzip-encoded form of a representation: a different representation needs a different
    /// strong tag, and caches must not confuse the two.
    static func gzipVariant(_ tag: String) -> String {
        tag.hasSuffix("\"") ? String(tag.dropLast()) + "-gzip\"" : tag
    }

    /// Whether an If-None-Match header value matches `tag`, by weak comparison as RFC 9110 requires for
    /// If-None-Match; either encoding's tag counts, since both name the same content.
    static func matches(ifNoneMatch header: String, _ tag: String) -> Bool {
        let wanted = opaque(tag)
        for candidate in header.split(separator: ",") {
            let c = candidate.trimmingOWS()
            if c == "*" { return true }
            let o = opaque(String(c))
            if o == wanted || o == opaque(gzipVariant(tag)) { return true }
        }
        return false
    }

    private static func opaque(_ tag: String) -> Substring {
        tag.hasPrefix("W/") ? tag.dropFirst(2) : Substring(tag)
    }
}
