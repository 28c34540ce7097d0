import Glibc

/// One finished request, as the access log sees it.
public struct AccessLogEntry: Sendable {
    public let method: String
    public let path: String
    /// The route pattern that served it ("unmatched" when none did).
    public let route: String
    public let status: Int
    /// Body bytes sent (after compression).
    public let bytes: Int
    public let durationSeconds: Double
    public let remoteAddress: String

    /// `remote "METHOD path" status bytes duration_ms`.
    public var line: String {
        let ms = (durationSeconds * 100_000).rounded() / 100
        return "\(remoteAddress) \"\(method) \(path)\" \(status) \(bytes) \(ms)ms"
    }

    /// A sink that writes each line to standard error.
    public static let standardError: @Sendable (AccessLogEntry) -> Void = { entry in
        let text = Array((entry.line + "\n").utf8)
        _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
