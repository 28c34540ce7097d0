import Glibc
import Synchronization

/// The Date header value (RFC 9110 §5.6.7), formatted at most once per second.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, text: String)>((-1, ""))
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func now() -> String {
        var t = time(nil)
        let second = Int(t)
        return cache.withLock { c in
            if c.second == second { return c.text }
            var tm = Glibc.tm()
            gmtime_r(&t, &tm)
            func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let text = "\(days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
                + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
            c = (second, text)
            return text
        }
    }
}
