import Glibc

/// One finished request, as the access log sees it.
public struct AccessLogEntry: Sendable {
    public let method: String
    public let path: String
    /// The route pattern that served it; "unmatched", "(shed)" (queue full) or "(unparsed)" when none did.
    public let route: String
    public let status: Int
    /// Body bytes sent (after compression).
    public let bytes: Int
    public let durationSeconds: Double
    public let remoteAddress: String
    /// Why a handler failed, for 500s caused by errors that do not map to a status; never sent to the client.
    public let failure: String?

    /// `remote "METHOD path" status bytes duration_ms`, every field escaped (`LogText.escaped`): the path
    /// is decoded, so `%0a` in a request would otherwise start a forged line.
    public var line: String {
        let ms = (durationSeconds * 100_000).rounded() / 100
        let line = "\(LogText.escaped(remoteAddress)) \"\(LogText.escaped(method)) \(LogText.escaped(path))\" \(status) \(bytes) \(ms)ms"
        return failure.map { line + " error=\"\(LogText.escaped($0))\"" } ?? line
    }

    /// A sink that writes each line to standard error.
    public static let standardError: @Sendable (AccessLogEntry) -> Void = { entry in
        let text = Array((entry.line + "\n").utf8)
        _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
