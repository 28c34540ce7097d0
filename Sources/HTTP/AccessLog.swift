import Glibc
import JSONText

/// One finished request, as the access log sees it.
public struct AccessLogEntry: Sendable {
    public let method: String
    /// The request target as sent: path and query string, still percent-encoded.
    public let target: String
    /// The route pattern that served it; "unmatched", "(shed)" (queue full) or "(unparsed)" when none did.
    public let route: String
    public let status: Int
    /// Body bytes sent (after compression).
    public let bytes: Int
    public let durationSeconds: Double
    public let remoteAddress: String
    /// Who asked, as the service names them ("token 12"; never a secret), or nil when no one was identified.
    public let actor: String?
    /// Why a handler failed, for 500s caused by errors that do not map to a status; never sent to the client.
    public let failure: String?
    /// When the answer was finished: wall-clock seconds since 1970.
    public let time: Double

    public init(method: String, target: String, route: String, status: Int, bytes: Int, durationSeconds: Double,
                remoteAddress: String, actor: String?, failure: String?) {
        (self.method, self.target, self.route, self.status, self.bytes) = (method, target, route, status, bytes)
        (self.durationSeconds, self.remoteAddress, self.actor, self.failure) = (durationSeconds, remoteAddress, actor, failure)
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        time = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private var milliseconds: Double { (durationSeconds * 100_000).rounded() / 100 }

    /// `time remote "METHOD target" status bytes duration_ms [actor="…"] [error="…"]`, every field escaped
    /// (`LogText.escaped`), so nothing a client sends can start a forged line.
    public var line: String {
        var line = "\(Self.iso8601(time)) \(LogText.escaped(remoteAddress)) \"\(LogText.escaped(method)) \(LogText.escaped(target))\" "
            + "\(status) \(bytes) \(milliseconds)ms"
        if let actor { line += " actor=\"\(LogText.escaped(actor))\"" }
        if let failure { line += " error=\"\(LogText.escaped(failure))\"" }
        return line
    }

    /// The same fields as one JSON object (JSON lines), for log collectors.
    public var json: String {
        var fields = [("time", JSONString.quoted(Self.iso8601(time))), ("remote", JSONString.quoted(remoteAddress)),
                      ("method", JSONString.quoted(method)), ("target", JSONString.quoted(target)), ("route", JSONString.quoted(route)),
                      ("status", String(status)), ("bytes", String(bytes)), ("ms", String(milliseconds))]
        if let actor { fields.append(("actor", JSONString.quoted(actor))) }
        if let failure { fields.append(("error", JSONString.quoted(failure))) }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// `2026-12-05T03:40:12.345Z`: UTC with milliseconds.
    static func iso8601(_ seconds: Double) -> String {
        var t = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        let ms = Int((seconds - seconds.rounded(.down)) * 1000)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(ms), 3))Z"
    }

    /// A sink that writes each line to standard error.
    public static let standardError: @Sendable (AccessLogEntry) -> Void = { entry in
        let text = Array((entry.line + "\n").utf8)
        _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
