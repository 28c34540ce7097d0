import CProj
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A PROJ context (`PJ_CONTEXT`) and the transformers built in it.
///
/// Not Sendable: PROJ contexts are not thread-safe, so each worker thread owns one, like its SpatiaLite
/// connection. Building a transformer reads proj.db and takes milliseconds, so the context keeps every
/// transformer it built and hands the same one back for the same pair of CRSs.
public final class ProjContext {
    let handle: ContextHandle
    private var transformers: [TransformerKey: Transformer] = [:]

    /// A context using PROJ's default search path (PROJ_DATA, else the directory PROJ was built with, which on
    /// Debian is /usr/share/proj where proj-data installs proj.db). `searchPaths` replaces that path.
    public init(searchPaths: [String]? = nil) {
        handle = ContextHandle(searchPaths: searchPaths)
    }

    /// The proj.db this context reads, or nil when PROJ found none (every EPSG lookup would then fail).
    public var databasePath: String? {
        proj_context_get_database_path(handle.pointer).map { String(cString: $0) }
    }

    /// The transformer from `source` to `target`, built once per context.
    public func transformer(from source: CRS, to target: CRS) throws(ProjectionError) -> Transformer {
        let key = TransformerKey(source: source, target: target)
        if let cached = transformers[key] { return cached }
        let transformer = try Transformer(context: handle, source: source, target: target)
        transformers[key] = transformer
        return transformer
    }
}

@available(*, unavailable)
extension ProjContext: Sendable {}

private struct TransformerKey: Hashable {
    let source: CRS
    let target: CRS
}

/// Owns the `PJ_CONTEXT` and collects what PROJ logs into it. Transformers hold it strongly so the context is
/// destroyed only after every `PJ` made in it.
final class ContextHandle {
    let pointer: OpaquePointer
    private let log = LogBuffer()

    init(searchPaths: [String]?) {
        pointer = proj_context_create()
        // PROJ prints errors to stderr by default; capturing them instead puts PROJ's words into our errors.
        proj_log_func(pointer, Unmanaged.passUnretained(log).toOpaque()) { appData, _, message in
            guard let appData, let message else { return }
            Unmanaged<LogBuffer>.fromOpaque(appData).takeUnretainedValue().append(String(cString: message))
        }
        if let searchPaths { setSearchPaths(searchPaths) }
    }

    deinit { proj_context_destroy(pointer) }

    private func setSearchPaths(_ paths: [String]) {
        var cStrings = paths.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        cStrings.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { rebound in
                proj_context_set_search_paths(pointer, Int32(rebound.count), rebound.baseAddress)
            }
        }
    }

    /// Forgets earlier log messages before a call whose failure we report.
    func clearLog() {
        log.messages.removeAll(keepingCapacity: true)
    }

    /// What PROJ said about the last failure: its log lines, else the text for `code`.
    func errorText(code: Int32) -> String {
        if !log.messages.isEmpty { return log.messages.joined(separator: "; ") }
        if code != 0, let text = proj_context_errno_string(pointer, code) { return String(cString: text) }
        return "PROJ gave no reason"
    }
}

/// PROJ logs once per failing point; a batch of a million bad points must not become a million strings.
private final class LogBuffer {
    static let limit = 8
    var messages: [String] = []

    func append(_ message: String) {
        guard messages.count < Self.limit, !messages.contains(message) else { return }
        messages.append(message)
    }
}
