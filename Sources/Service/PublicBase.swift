import HTTP

/// The scheme and host that absolute links, TileJSON, the style and `Location` carry. A client's `Host`
/// header is echoed only when it names this server: a loopback name, an IP address, the configured listening
/// host or one of `allowedHosts`. Anything else (`Host: evil.example`, which a cache in front would then serve
/// to everyone in the style's tile URLs) gets the configured `publicURL`, or the listening address.
struct PublicBase: Sendable {
    /// `publicURL` without a trailing slash; when set, it is always used.
    let configured: String?
    let allowedHosts: Set<String>
    let listening: String

    init(config: ServiceConfig) {
        configured = config.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        allowedHosts = Set((config.allowedHosts + [config.host]).map { $0.lowercased() })
        listening = "http://\(config.host):\(config.port)"
    }

    func url(for request: Request) -> String {
        if let configured { return configured }
        guard let host = request.headers["Host"], isTrusted(host) else { return listening }
        return "http://" + host
    }

    private func isTrusted(_ value: String) -> Bool {
        guard let (name, port) = Self.split(value), port.allSatisfy(\.isNumber), port.count <= 5 else { return false }
        if name.hasPrefix("[") { return name.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else { return false }
        let lower = name.lowercased()
        let isIPv4 = lower.split(separator: ".", omittingEmptySubsequences: false).count == 4 && lower.allSatisfy { $0.isNumber || $0 == "." }
        return isIPv4 || lower == "localhost" || allowedHosts.contains(lower)
    }

    /// `name` and `port` of `name[:port]` or `[v6][:port]`; the port is empty when none is given.
    private static func split(_ value: String) -> (Substring, Substring)? {
        if value.hasPrefix("[") {
            guard let close = value.firstIndex(of: "]") else { return nil }
            let rest = value[value.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return nil }
            return (value[...close], rest.dropFirst())
        }
        let parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }
}
