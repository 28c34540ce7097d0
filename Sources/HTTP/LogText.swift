/// Text from requests made safe for one-line logs: a decoded path or header can hold any character, and a
/// raw line feed in it would let a client forge log lines.
public enum LogText {
    /// A field of a log line: control characters become \n, \r, \t or \xNN (\u2028 and \u2029 for the
    /// Unicode line and paragraph separators), and backslash and double quote are escaped so a value cannot
    /// close the quotes around it.
    public static func escaped(_ text: String) -> String {
        escape(text, quotes: true)
    }

    /// A whole line: only control characters are escaped, so the line's own quotes and backslashes (fields
    /// escaped with `escaped(_:)`) stay as they are.
    public static func escapingControlCharacters(_ text: String) -> String {
        escape(text, quotes: false)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        // Most lines need nothing; checking the bytes first spares them a copy.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F || (quotes && ($0 == 0x5C || $0 == 0x22)) }) else {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\" where quotes: out += "\\\\"
            case "\"" where quotes: out += "\\\""
            case "\u{2028}", "\u{2029}": out += "\\u" + String(scalar.value, radix: 16)
            default:
                if scalar.properties.generalCategory == .control {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
