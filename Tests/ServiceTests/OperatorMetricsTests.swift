import Foundation
import Testing
@testable import Service

/// What an operator reads off /metrics and /health: latency per route, refused writes by reason, the build,
/// and the process's own figures, in Prometheus's conventions.
@Suite struct OperatorMetricsTests {
    /// The lines of /metrics whose series is `name` (with or without labels).
    func series(_ text: String, _ name: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
    }

    @Test func metricsTellLatencyPerRouteRefusalsBuildAndProcess() throws {
        let server = try TestServer()
        #expect(server.get("/collections").status == 200)
        let editor = try server.token(.editor)
        let bad = server.send("POST", "/collections/risks/items", token: editor, json: #"{"type":"Feature","geometry":null,"properties":{"level":"no such level"}}"#)
        #expect(bad.status == 400)
        #expect(server.send("POST", "/collections/risks/items", token: nil, json: "{}").status == 401)
        let text = server.get("/metrics").text

        let counts = series(text, "http_request_duration_seconds_count")
        #expect(counts.contains { $0.hasPrefix(#"http_request_duration_seconds_count{route="/collections"} "#) }, "\(counts)")
        #expect(series(text, "http_request_duration_seconds_bucket").contains { $0.contains(#"route="/collections",le="+Inf""#) })

        #expect(series(text, "riskmap_write_refusals_total").contains { $0 == #"riskmap_write_refusals_total{reason="invalid"} 1"# }, "\(text)")
        #expect(series(text, "riskmap_database_errors_total") == ["riskmap_database_errors_total 0"])

        let build = try #require(series(text, "riskmap_build_info").first)
        #expect(build.contains(#"version="\#(BuildInfo.version)""#) && build.contains("sqlite=\"3.") && build.hasSuffix("} 1"))
        let health = server.get("/health").object
        #expect(health["version"] as? String == BuildInfo.version)

        let m = metrics(server)
        #expect((m["process_resident_memory_bytes"] ?? 0) > 10 << 20, "a server with its tile sources holds more than 10 MB")
        #expect((m["process_open_fds"] ?? 0) > 3 && (m["process_open_fds"] ?? 0) <= (m["process_max_fds"] ?? 0))
        #expect((m["process_threads"] ?? 0) >= 3, "I/O threads and workers")
        let start = try #require(series(text, "process_start_time_seconds").first.flatMap { Double($0.split(separator: " ")[1]) })
        #expect(abs(start - Date().timeIntervalSince1970) < 24 * 3600, "started within a day: \(start)")
    }
}
