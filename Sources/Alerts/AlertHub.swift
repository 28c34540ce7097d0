import GeoKit
import Store
import Synchronization

/// Fans committed alerts out to whoever listens (the server's event streams), in id order, each once: a
/// `Follower` of the server's own writes, and `catchUp` for another process's (`riskmap import` of reports).
/// Knows nothing of HTTP: a listener is a closure that returns false once it has gone.
public final class AlertHub: Follower {
    public struct Filter: Sendable {
        /// Levels wanted (all when empty).
        public var levels: Set<String> = []
        /// An area name the alert must concern (nil: any).
        public var area: String?
        public init(levels: Set<String> = [], area: String? = nil) {
            self.levels = levels
            self.area = area
        }

        public func admits(_ alert: Feature) -> Bool {
            (levels.isEmpty || levels.contains(alert["level"].textValue ?? ""))
                && (area.map { (alert["areas"].textValue ?? "").contains("\"\($0)\"") } ?? true)
        }
    }

    public typealias Listener = @Sendable (_ id: Int64, _ alert: Feature) -> Bool

    private struct State {
        var lastID: Int64
        var listeners: [Int: (Filter, Listener)] = [:]
        var next = 0
    }

    private let state: Mutex<State>

    public init(lastID: Int64) {
        state = Mutex(State(lastID: lastID))
    }

    /// Adds a listener for alerts after `lastID` (the caller replays older ones itself); returns its key.
    public func listen(_ filter: Filter, _ listener: @escaping Listener) -> Int {
        state.withLock { s in
            s.next += 1
            s.listeners[s.next] = (filter, listener)
            return s.next
        }
    }

    public func stopListening(_ key: Int) {
        _ = state.withLock { $0.listeners.removeValue(forKey: key) }
    }

    /// The id of the last alert delivered: a stream replays up to it from the database, then listens.
    public var lastID: Int64 { state.withLock { $0.lastID } }

    public var listenerCount: Int { state.withLock { $0.listeners.count } }

    public func follow(_ changes: ChangeSet, _ db: Connection) {
        guard changes.changes.contains(where: { $0.layer.name == Catalog.alerts.name }) else { return }
        catchUp(db)
    }

    /// Delivers every alert committed since the last delivered one (read on `db`), in id order.
    public func catchUp(_ db: Connection) {
        let after = lastID
        guard let alerts = try? db.alerts(after: after, limit: 10_000), !alerts.isEmpty else { return }
        let listeners = state.withLock { s -> [Int: (Filter, Listener)] in
            // Another caller may have delivered them meanwhile: only what is still new goes out.
            guard s.lastID == after else { return [:] }
            s.lastID = alerts.last?.id ?? s.lastID
            return s.listeners
        }
        var gone: [Int] = []
        for (key, (filter, listener)) in listeners {
            for a in alerts where filter.admits(a) {
                if !listener(a.id ?? 0, a) { gone.append(key); break }
            }
        }
        state.withLock { s in for k in gone { s.listeners[k] = nil } }
    }
}
