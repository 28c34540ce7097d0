/// Strong entity tags and If-None-Match (RFC 9110 §8.8.3, §13.1.2).
public enum ETag {
    /// A strong tag from the bytes: a 64-bit hash in hex, quoted. Eight bytes a step (a multiply and a shift
    /// each, then murmur3's finaliser), so tagging a 500 KB tile costs microseconds; not a cryptographic hash:
    /// a tag only needs to change when the bytes do.
    public static func of(_ bytes: [UInt8]) -> String {
        var h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i + 8 <= raw.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
                i += 8
            }
            var tail: UInt64 = 0
            for (n, b) in raw[i...].enumerated() { tail |= UInt64(b) << (8 * UInt64(n)) }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
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
