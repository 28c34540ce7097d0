import DemoCity
import Foundation
import FoundationNetworking
import RiskGrid
import RiskModel
import Service
@_spi(RawSQL) import Store
import Synchronization

/// A riskmap server on a loopback port over a small demo city in a temporary directory, and a blocking
/// HTTP client (URLSession, i.e. libcurl: a client that shares no code with the server).
final class TestServer: @unchecked Sendable {
    let dir: URL
    let store: Store
    let service: RiskmapService
    let base: String
    let session: URLSession

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { (json as? [String: Any]) ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    init(demo: Bool = true, configure: (inout ServiceConfig) -> Void = { _ in }) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-svc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true, observers: [EnterpriseColours()])
        if demo {
            try DemoCity(scale: .small, seed: 1).write(into: store)
            try store.write(WriteContext(actor: "test")) { tx in _ = try GridBuilder(config: .standard).rebuild(tx.connection, builtAt: tx.context.time) }
        }
        var config = ServiceConfig()
        config.port = 0
        config.workers = 2
        config.accessLog = false
        configure(&config)
        service = try RiskmapService(store: store, config: config)
        try service.start()
        base = "http://127.0.0.1:\(service.port)"
        let c = URLSessionConfiguration.ephemeral
        c.httpMaximumConnectionsPerHost = 1
        session = URLSession(configuration: c)
    }

    deinit {
        service.shutdown()
        service.wait()
        try? FileManager.default.removeItem(at: dir)
    }

    func request(_ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil) -> Reply {
        var r = URLRequest(url: URL(string: base + path)!)
        r.httpMethod = method
        r.httpBody = body
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        let result = Mutex<Reply?>(nil)
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: r) { data, response, error in
            let http = response as? HTTPURLResponse
            var headers: [String: String] = [:]
            for (k, v) in http?.allHeaderFields ?? [:] { headers[String(describing: k).lowercased()] = String(describing: v) }
            result.withLock { $0 = Reply(status: http?.statusCode ?? -1, headers: headers, body: data ?? Data(error.map { "\($0)".utf8 } ?? "".utf8)) }
            done.signal()
        }.resume()
        done.wait()
        return result.withLock { $0! }
    }

    func get(_ path: String, headers: [String: String] = [:]) -> Reply { request("GET", path, headers: headers) }

    func send(_ method: String, _ path: String, token: String?, json: String) -> Reply {
        var headers = ["Content-Type": "application/geo+json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return request(method, path, headers: headers, body: Data(json.utf8))
    }

    /// A token's secret; an enterprise token reports for `sources` (by default risk source 1).
    func token(_ role: Token.Role, sources: [Int64]? = nil) throws -> String {
        let bound = sources ?? (role == .enterprise ? [1] : [])
        return try store.createToken(name: "test \(role.rawValue)", role: role, sources: bound, context: WriteContext(actor: "test")).secret
    }

    /// Feature counts of every layer and audit rows: to show a rejected write changed nothing.
    func fingerprint() throws -> [Int] {
        try store.read { r in try Catalog.layers.map { try r.count($0) } + [Int(r.connection.scalar("SELECT count(*) FROM audit").intValue ?? 0)] }
    }
}
