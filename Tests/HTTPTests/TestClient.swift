import Glibc

/// A tiny blocking HTTP client over a raw loopback socket, so tests see exactly what the server sends.
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var closedByServer = false

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `receiveBuffer` shrinks the socket's receive buffer (before connecting, so the window is small from the
    /// start), for a client that reads slowly or not at all.
    init(port: Int, timeout: Double = 5, receiveBuffer: Int32? = nil) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let e = errno
            Glibc.close(fd)
            throw Failure(description: "connect failed: errno \(e)")
        }
        // Set only once connected: a throwing init still runs deinit, which must not close a reused number.
        self.fd = fd
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            sent += n
        }
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        var n: Int
        repeat {
            n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        } while n < 0 && errno == EINTR
        if n == 0 || (n < 0 && errno == ECONNRESET) {
            closedByServer = true
            return false
        }
        guard n > 0 else { throw Failure(description: "recv timed out or failed: errno \(errno)") }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    private func take(_ n: Int) -> [UInt8] {
        defer { buffer.removeFirst(n) }
        return Array(buffer[0..<n])
    }

    private func line() throws -> String {
        while true {
            if let i = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                let l = String(decoding: take(i), as: UTF8.self)
                _ = take(2)
                return l
            }
            guard try fill() else { throw Failure(description: "connection closed mid-line") }
        }
    }

    /// Reads a status line and headers.
    func readHead() throws -> TestResponse {
        let status = try line()
        let parts = status.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let code = Int(parts[1]) else { throw Failure(description: "bad status line \(status)") }
        var headers: [(String, String)] = []
        while true {
            let l = try line()
            if l.isEmpty { break }
            let colon = l.firstIndex(of: ":")!
            headers.append((String(l[..<colon]), String(l[l.index(after: colon)...].drop { $0 == " " })))
        }
        return TestResponse(status: code, headers: headers, body: [])
    }

    /// Reads one whole response; `head` for a response to HEAD, which has no body whatever its headers say.
    func readResponse(head: Bool = false) throws -> TestResponse {
        var r = try readHead()
        if head || r.status == 204 || r.status == 304 || r.status < 200 { return r }
        if let length = r.header("Content-Length").flatMap(Int.init) {
            while buffer.count < length { guard try fill() else { throw Failure(description: "closed mid-body") } }
            r.body = take(length)
        } else if r.header("Transfer-Encoding") == "chunked" {
            while true {
                let sizeLine = try line()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else { throw Failure(description: "bad chunk \(sizeLine)") }
                if size == 0 {
                    while try !line().isEmpty {}
                    break
                }
                while buffer.count < size + 2 { guard try fill() else { throw Failure(description: "closed mid-chunk") } }
                r.body += take(size)
                _ = take(2)
            }
        } else {
            while try fill() {}
            r.body = take(buffer.count)
        }
        return r
    }

    /// Reads until `marker` has arrived; returns everything read up to and including it.
    func readUntil(_ marker: String) throws -> String {
        let m = Array(marker.utf8)
        while true {
            if buffer.count >= m.count, let i = (0...(buffer.count - m.count)).first(where: { buffer[$0..<($0 + m.count)].elementsEqual(m) }) {
                return String(decoding: take(i + m.count), as: UTF8.self)
            }
            guard try fill() else { throw Failure(description: "closed before \(marker.debugDescription)") }
        }
    }

    /// Whether the server closes the connection (rather than the read timing out).
    func waitForClose() -> Bool {
        while (try? fill()) == true { buffer.removeAll() }
        return closedByServer
    }
}

struct TestResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    var text: String { String(decoding: body, as: UTF8.self) }
}
