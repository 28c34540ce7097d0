import HTTP
import Synchronization

/// Whole JSON answers of reads whose content changes only when a version a follower keeps moves (and, for
/// answers at an instant, with the stretch of time asked): kept with their ETag and served again until the
/// version moves, so a repeat or a revalidation (`If-None-Match`, 304) costs a lookup and recomputes nothing.
/// An answer made while a write commits is stored under the version read before it was made, which has
/// then moved, so it is never served.
final class AnswerCache: Sendable {
    private struct Entry {
        let version: UInt64
        let bytes: [UInt8]
        let etag: String
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Keys are few (area levels, areas, periods asked, public bases); past this many the cache starts over.
    static let capacity = 512

    /// The answer kept under `key` at `version`, else `make`'s (a JSON answer), kept.
    func answer(_ key: String, version: UInt64, _ make: () throws -> Response) rethrows -> Response {
        if let e = entries.withLock({ $0[key] }), e.version == version { return Self.response(e) }
        let made = try make()
        guard case .bytes(let bytes) = made.body, made.status == .ok, let etag = made.headers["ETag"] else { return made }
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = Entry(version: version, bytes: bytes, etag: etag)
        }
        return made
    }

    private static func response(_ e: Entry) -> Response {
        var r = Response.json(e.bytes)
        r.headers.set("Cache-Control", "no-cache")
        r.headers.set("ETag", e.etag)
        return r
    }
}
