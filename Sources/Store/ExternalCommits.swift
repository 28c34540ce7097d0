import Synchronization

/// Tells a `Follower` when another process has committed to the file (a `riskmap import` or `grid rebuild`
/// while the server runs), which it cannot follow change by change and must rebuild after. Made before the
/// follower's state is built, so a commit between the two is not missed.
public final class ExternalCommits: Sendable {
    let store: Store
    private let seen: Mutex<Int64?>

    public init(store: Store) {
        self.store = store
        seen = Mutex(store.externalDataVersion())
    }

    /// True once for each look that finds the version moved since the last; false while the writer is busy
    /// (the next look then tells).
    public func changedSinceLastLook() -> Bool {
        guard let version = store.externalDataVersion() else { return false }
        return seen.withLock { seen in
            defer { seen = version }
            return seen != nil && seen != version
        }
    }
}
