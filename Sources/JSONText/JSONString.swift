/// JSON string literals from UTF-8 text: the one escaper behind GeoKit's JSONWriter and the HTTP server's
/// problem+json. A leaf of its own because HTTP does not depend on GeoKit.
public enum JSONString {
    /// Appends `utf8` as a quoted JSON string: quotes, backslashes and control characters escaped (`\n`, `\r`,
    /// `\t`, else `\u00XX`); everything else, multi-byte characters included, as it is.
    @inlinable
    public static func append<Text: Sequence<UInt8>>(utf8: Text, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigit(b >> 4), hexDigit(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `text` as a quoted JSON string.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        append(utf8: text.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @usableFromInline
    static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }
}
