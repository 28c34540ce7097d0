import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `riskmap serve` process on a free loopback port, as an operator runs it; killed when released.
public final class ServedRiskmap: @unchecked Sendable {
    public let process: Process
    public let port: Int
    /// What the server wrote to stderr (its log), read when the process has ended.
    private let stderr: Pipe

    /// Starts `riskmap serve --db db --port 0` with `extra` arguments and waits for its "serving" line.
    /// `shell`, when given, wraps the command (e.g. `ulimit -n 64; exec "$@"`), run by bash.
    public init(db: String, extra: [String] = [], shell: String? = nil) throws {
        let p = Process()
        let args = ["serve", "--db", db, "--port", "0"] + extra
        if let shell {
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", shell, "riskmap", CLI.binary.path] + args
        } else {
            p.executableURL = CLI.binary
            p.arguments = args
        }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        process = p
        stderr = err
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = String(decoding: line, as: UTF8.self).split(separator: ":").last.flatMap({ Int($0.filter(\.isNumber)) }) else {
            p.terminate()
            throw ServedError(description: "riskmap serve did not start: \(String(decoding: line, as: UTF8.self))")
        }
        self.port = port
    }

    deinit { stop() }

    /// Ends the server (SIGTERM, then waits) and returns what it logged.
    @discardableResult
    public func stop() -> String {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// One request; the status, headers (lower-cased names) and body. Never follows redirects.
    public func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) throws -> HTTPReply {
        var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        r.httpMethod = method
        r.httpBody = body
        r.timeoutInterval = 30
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var reply: HTTPReply?
        nonisolated(unsafe) var failure: (any Error)?
        URLSession.shared.dataTask(with: r) { data, response, error in
            if let http = response as? HTTPURLResponse {
                var h: [String: String] = [:]
                for (k, v) in http.allHeaderFields { h[String(describing: k).lowercased()] = String(describing: v) }
                reply = HTTPReply(status: http.statusCode, headers: h, body: data ?? Data())
            } else {
                failure = error
            }
            done.signal()
        }.resume()
        done.wait()
        if let reply { return reply }
        throw failure ?? ServedError(description: "no response to \(method) \(path)")
    }
}

public struct HTTPReply: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: Data
    public var text: String { String(decoding: body, as: UTF8.self) }
    /// The body as a JSON object (empty when it is not one).
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
}

public struct ServedError: Error, CustomStringConvertible {
    public let description: String
}
