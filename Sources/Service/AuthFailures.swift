import HTTP
import Monotonic
import Synchronization

/// Bad bearer tokens per client address: past `limit` in one window the address gets 429 for every token
/// until the window ends, so guessing tokens is slow and the log is not flooded (the first failure of a
/// window and the one that trips the limit are logged, with the address and never the secret).
final class AuthFailures: Sendable {
    let limit: Int
    let windowSeconds: Int64
    /// Addresses remembered at once; beyond this, windows that ended are forgotten first, then all.
    static let maxAddresses = 4096
    private let windows = Mutex<[String: (start: Int64, count: Int)]>([:])

    init(limit: Int, windowSeconds: Int64 = 60) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// 429 when `address` has used up its failures in this window.
    func check(_ address: String) throws(HTTPError) {
        let now = Self.now()
        guard let w = windows.withLock({ $0[address] }), now - w.start < windowSeconds, w.count >= limit else { return }
        throw HTTPError(HTTPStatus(code: 429), "too many invalid bearer tokens from this address; retry after \(windowSeconds - (now - w.start)) s",
                        headers: ["Retry-After": String(windowSeconds - (now - w.start))])
    }

    func record(_ address: String, _ request: Request) {
        let now = Self.now()
        let count = windows.withLock { windows -> Int in
            if windows.count >= Self.maxAddresses { windows = windows.filter { now - $0.value.start < windowSeconds } }
            if windows.count >= Self.maxAddresses { windows.removeAll() }
            var w: (start: Int64, count: Int) = windows[address].flatMap { now - $0.start < windowSeconds ? $0 : nil } ?? (now, 0)
            w.count += 1
            windows[address] = w
            return w.count
        }
        if count == 1 {
            writeLog("auth: rejected bearer token from \(request.remoteAddress) for \(request.method) \(request.path)")
        } else if count == limit {
            writeLog("auth: \(limit) rejected bearer tokens from \(address) within \(windowSeconds) s; answering 429 until the window ends")
        }
    }

    /// The host part of `host:port` or `[v6]:port`.
    static func host(of address: String) -> String {
        if address.hasPrefix("["), let end = address.firstIndex(of: "]") { return String(address[address.index(after: address.startIndex)..<end]) }
        if let colon = address.lastIndex(of: ":"), address.firstIndex(of: ":") == colon { return String(address[..<colon]) }
        return address
    }

    private static func now() -> Int64 { Int64(MonotonicClock.nanoseconds() / 1_000_000_000) }
}
