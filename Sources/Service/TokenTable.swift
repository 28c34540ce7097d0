import Store
import Synchronization

/// The live tokens, held in memory by the SHA-256 of their secrets, so a bearer token is checked without a
/// database read (and so can be checked on the I/O thread, before a request's body is read). Tokens are made
/// and revoked by `riskmap token` in another process: the table is read again whenever the database's
/// data_version shows another process's commit (or this process changed a token), checked on every lookup
/// without waiting for a busy writer.
final class TokenTable: Sendable {
    let store: Store
    private struct Version: Equatable {
        let external: Int64
        let local: Int
    }
    private let state: Mutex<(version: Version?, byHash: [String: Token])>

    init(store: Store) throws {
        self.store = store
        // The version is read before the tokens, so a commit between the two is seen as a change.
        let version = Self.currentVersion(store)
        state = Mutex((version, try store.liveTokensByHash()))
    }

    func token(secret: String) throws -> Token? {
        let hash = SHA256.hex(Array(secret.utf8))
        if let version = Self.currentVersion(store), version != state.withLock({ $0.version }) {
            let tokens = try store.liveTokensByHash()
            state.withLock { $0 = (version, tokens) }
        }
        return state.withLock { $0.byHash[hash] }
    }

    private static func currentVersion(_ store: Store) -> Version? {
        let local = store.localTokenChanges
        return store.externalDataVersion().map { Version(external: $0, local: local) }
    }
}
