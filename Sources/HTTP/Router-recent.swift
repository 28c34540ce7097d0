import Synchronization

/// The router's latest GET matches by raw path. Matching walks the trie and decodes every segment into a
/// String (about 1.5 µs for a tile's path on this machine); a cached tile is asked for by the same path again
/// and again, and the I/O thread answers it in a few µs more, so the walk was a fifth of a hit's own time.
/// Bounded: emptied when full, so a client walking new paths costs one walk each, as before; only paths up to
/// `longestPath` bytes are kept, so the table stays under about 2 MB whatever clients send.
final class RecentMatches: Sendable {
    static let longestPath = 256

    private let table = Mutex<[String: (route: Int, parameters: [String: String])]>([:])
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    func get(_ path: String) -> (route: Int, parameters: [String: String])? {
        table.withLock { $0[path] }
    }

    func put(_ path: String, route: Int, parameters: [String: String]) {
        table.withLock { t in
            if t.count >= capacity { t.removeAll(keepingCapacity: true) }
            t[path] = (route, parameters)
        }
    }
}
