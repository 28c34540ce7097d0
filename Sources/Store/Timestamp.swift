import Glibc

/// ISO 8601 UTC timestamps as riskmap stores them: `YYYY-MM-DDTHH:MM:SSZ`, whose text order is time order.
public enum Timestamp {
    public static func format(epochSeconds: Int64) -> String {
        var t = time_t(epochSeconds)
        var tm = Glibc.tm()
        gmtime_r(&t, &tm)
        return "\(pad(Int(tm.tm_year) + 1900, 4))-\(pad(Int(tm.tm_mon) + 1, 2))-\(pad(Int(tm.tm_mday), 2))T"
            + "\(pad(Int(tm.tm_hour), 2)):\(pad(Int(tm.tm_min), 2)):\(pad(Int(tm.tm_sec), 2))Z"
    }

    public static func now() -> String { format(epochSeconds: Int64(time(nil))) }

    /// Parses `YYYY-MM-DDTHH:MM:SS` with `Z`, `+hh:mm` or no zone (taken as UTC), or a bare date; returns
    /// epoch seconds, or nil when the text is not such a timestamp.
    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let y = num(0, 4), b.count >= 10, b[4] == 0x2D, let mo = num(5, 2), b[7] == 0x2D, let d = num(8, 2),
              (1...12).contains(mo), (1...daysIn(month: mo, year: y)).contains(d) else { return nil }
        var seconds = Int64(daysFromCivil(y, mo, d)) * 86_400
        guard b.count > 10 else { return seconds }
        guard b[10] == 0x54 || b[10] == 0x20, let h = num(11, 2), b.count >= 19, b[13] == 0x3A, let mi = num(14, 2),
              b[16] == 0x3A, let s = num(17, 2), h < 24, mi < 60, s < 61 else { return nil }
        seconds += Int64(h * 3600 + mi * 60 + s)
        var i = 19
        if i < b.count, b[i] == 0x2E {  // fractional seconds are accepted and dropped
            i += 1
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
        }
        if i == b.count { return seconds }
        if b[i] == 0x5A, i + 1 == b.count { return seconds }
        guard b[i] == 0x2B || b[i] == 0x2D, b.count == i + 6, let oh = num(i + 1, 2), b[i + 3] == 0x3A,
              let om = num(i + 4, 2) else { return nil }
        let offset = Int64(oh * 3600 + om * 60)
        return b[i] == 0x2B ? seconds - offset : seconds + offset
    }

    /// An instant a caller asks for (`at=`, `--at`, an end of `datetime=`): epoch seconds, or an error that says
    /// which text is not a date-time. The one instant parser of the HTTP and CLI edges.
    public static func instant(_ text: String) throws(InstantParseError) -> Int64 {
        guard let t = parse(text) else { throw InstantParseError(text: text) }
        return t
    }

    /// `instant(_:)` of the text, or now when none is given.
    public static func instant(_ text: String?) throws(InstantParseError) -> Int64 {
        guard let text else { return Int64(time(nil)) }
        return try instant(text)
    }

    /// Normalises any accepted timestamp text to the stored form.
    public static func normalise(_ text: String) -> String? { parse(text).map(format(epochSeconds:)) }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// A text that was meant to be an instant and is not one.
public struct InstantParseError: Error, CustomStringConvertible, Sendable {
    public let text: String

    public var description: String { "'\(text)' is not an RFC 3339 date-time (such as 2026-11-24T09:30:00Z)" }
}
