import Foundation
import Glibc
import TestSupport
import Testing

/// `riskmap serve` under a low descriptor limit (`ulimit -n 64`, below the 1,024-connection default): clients
/// beyond what fits get a 503 at once instead of waiting unanswered, the accept loop does not spin, and the
/// server answers again once connections close (issue 11, item 5).
@Suite struct FileLimitTests {
    /// `heldByShell` descriptors are opened by the shell and inherited, so with 40 of them the process runs out
    /// of descriptors before it reaches the connection cap it derived from the limit: the first case meets the
    /// cap, the second the descriptor limit itself.
    @Test(arguments: [0, 40])
    func clientsBeyondTheDescriptorLimitGet503(heldByShell: Int) throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try CLI.run(["demo", "--db", db]).status == 0)
        let hold = heldByShell == 0 ? "" : "for fd in $(seq 10 \(9 + heldByShell)); do eval \"exec $fd</dev/null\"; done; "
        // Two I/O threads, whatever the cores (the default on two): the cap below is computed for them, and two
        // loops at the limit must not take each other's spare descriptor.
        let config = dir.appendingPathComponent("one-loop.json")
        try Data(#"{"ioThreads": 2}"#.utf8).write(to: config)
        let server = try ServedRiskmap(db: db, extra: ["--workers", "2", "--config", config.path], shell: "ulimit -n 64; \(hold)exec \"$@\"")
        let port = server.port
        // A refused connect has been seen once in a few dozen full-suite runs (not alone): say whether the server was
        // still running and what it logged, so the next one tells why.
        func connect() throws -> RawClient {
            do { return try RawClient(port: port) } catch {
                let running = server.process.isRunning
                Issue.record("connect failed (\(error)); server running: \(running); its log ends: \(server.stop().suffix(2_000))")
                throw error
            }
        }

        // More clients than the process has descriptors.
        let clients = try (0..<70).map { _ in try connect() }
        let answers = RawClient.answers(clients, within: 1.5)
        let refused = clients.indices.filter { answers[$0]?.hasPrefix("HTTP/1.1 503 ") == true }
        #expect(!refused.isEmpty)
        #expect(refused.allSatisfy { answers[$0]!.contains("\r\nRetry-After: 1\r\n") })
        #expect(refused.contains(clients.count - 1), "the last client waits unanswered")
        let accepted = clients.indices.filter { answers[$0] == nil }
        #expect(refused.count + accepted.count == clients.count)

        // Two seconds more of clients arriving at the limit cost the server little CPU.
        let before = try cpuSeconds(server.process.processIdentifier)
        let start = Date()
        var late: [Bool] = []
        while Date().timeIntervalSince(start) < 2 {
            let c = try connect()
            late.append(RawClient.answers([c], within: 1)[0]?.hasPrefix("HTTP/1.1 503 ") == true)
            usleep(100_000)
        }
        let spent = try cpuSeconds(server.process.processIdentifier) - before
        #expect(late.allSatisfy { $0 }, "\(late)")
        #expect(spent < 0.5, "the server used \(spent) s of CPU in 2 s at its descriptor limit")

        // The clients that were let in were really accepted, not left in the listen queue: each is answered.
        // Under the cap the database keeps the descriptors it needs and answers; at the descriptor limit itself
        // it cannot open its files, and /health says so.
        for i in accepted {
            try clients[i].send("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        }
        let served = RawClient.answers(accepted.map { clients[$0] }, within: 3)
        let healthy = heldByShell == 0 ? "HTTP/1.1 200 " : "HTTP/1.1 "
        #expect(served.allSatisfy { $0?.hasPrefix(healthy) == true }, "\(served)")

        // Once they have gone, a new client is served.
        clients.forEach { $0.close() }
        var ok = false
        var last: String?
        for _ in 0..<50 where !ok {
            let c = try connect()
            try c.send("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            last = RawClient.answers([c], within: 1)[0]
            ok = last?.hasPrefix("HTTP/1.1 200 ") == true
            if !ok { usleep(100_000) }
        }
        #expect(ok, "the last answer to /health: \(last ?? "none")")

        let log = server.stop()
        // The lowered cap is said at start (64 less 32, 4 for each of 2 workers and 4 for each I/O thread), and
        // running out of descriptors when it happens.
        #expect(log.contains("leaves room for 16 connections"), "\(log)")
        #expect(log.contains("out of file descriptors") == (heldByShell > 0), "\(log)")
    }

    /// User plus system CPU seconds of a process so far (/proc/PID/stat, fields 14 and 15).
    private func cpuSeconds(_ pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        let ticks = Double(Int(fields[11])! + Int(fields[12])!)
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// A plain loopback TCP client, so the test sees exactly when and what the server answers.
private final class RawClient {
    struct Failure: Error {
        let call: String
        let errno: Int32
    }

    /// -1 once closed, so the number is never closed twice (another test may have it by then).
    private(set) var fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw Failure(call: "connect", errno: errno) }
    }

    deinit { close() }

    func close() {
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)
        fd = -1
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else {
            throw Failure(call: "send", errno: errno)
        }
    }

    /// What each client receives until the server closes it, waiting at most `seconds` in all; nil for a
    /// client that got nothing.
    static func answers(_ clients: [RawClient], within seconds: Double) -> [String?] {
        var received = [[UInt8]](repeating: [], count: clients.count)
        var open = Set(clients.indices)
        let deadline = Date().addingTimeInterval(seconds)
        while !open.isEmpty, deadline.timeIntervalSinceNow > 0 {
            var polls = open.sorted().map { pollfd(fd: clients[$0].fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polls, nfds_t(polls.count), Int32(max(1, deadline.timeIntervalSinceNow * 1000)))
            guard ready > 0 else { continue }
            for (i, p) in zip(open.sorted(), polls) where p.revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = chunk.withUnsafeMutableBytes { recv(clients[i].fd, $0.baseAddress, $0.count, 0) }
                if n > 0 { received[i] += chunk[0..<n] } else { open.remove(i) }
            }
        }
        return received.map { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) }
    }
}
