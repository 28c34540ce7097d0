import Dispatch
import Foundation
import Synchronization

/// One riskmap database: a single writer connection and a pool of read-only readers over a WAL-mode
/// SpatiaLite file. Writers queue on the writer lock; readers never wait for writers.
public final class Store: Sendable {
    public let path: String
    private let writer: Mutex<Owned>
    private let idleReaders: Mutex<[Owned]>
    private let readerSlots: DispatchSemaphore
    /// In phase order (stable within a phase).
    private let observers: Mutex<[any WriteObserver]>
    private let followers = Mutex<[any Follower]>([])
    /// Why the last write failed, when the database itself refused it (not the data): see `writerHealth()`.
    private let lastWriteFailure = Mutex<String?>(nil)
    /// Tokens made or revoked through this store (other processes' show in `externalDataVersion`).
    let tokenChanges = Atomic<Int>(0)

    /// A connection moved between threads only under the store's locks, so only one thread uses it at a time.
    private struct Owned: @unchecked Sendable {
        let connection: Connection
    }

    /// Opens (or with `create`, creates) the database at `path` and brings its schema up to date.
    public init(path: String, create: Bool = false, readers: Int = 4, observers: [any WriteObserver] = []) throws {
        let exists = FileManager.default.fileExists(atPath: path)
        if !create, !exists { throw StoreError.notADatabase(path: path, reason: "no such file (run `riskmap init` first)") }
        let connection = try Connection(path: path, mode: create ? .create : .readWrite)
        if exists, try Schema.version(of: connection) == 0,
           try connection.scalar("SELECT count(*) FROM sqlite_master").intValue ?? 0 > 0 {
            throw StoreError.notADatabase(path: path, reason: "it holds tables but no riskmap schema")
        }
        try Schema.migrate(connection)
        self.path = path
        self.observers = Mutex(Self.inPhaseOrder(observers))
        writer = Mutex(Owned(connection: connection))
        idleReaders = Mutex([])
        readerSlots = DispatchSemaphore(value: max(1, readers))
    }

    /// Readers close before the writer, so that the writer is the last connection and SQLite checkpoints the
    /// WAL into the main file: a closed database is one file, and a backup is a file copy.
    deinit {
        idleReaders.withLock { $0.removeAll() }
    }

    /// Runs `body` in one write transaction as `context.actor`; any error rolls back every change it made.
    @discardableResult
    public func write<T: Sendable>(_ context: WriteContext, _ body: (WriteTransaction) throws -> T) throws -> T {
        do {
            return try writeTransaction(context, body)
        } catch let error as SQLiteError where !error.isConstraintViolation {
            lastWriteFailure.withLock { $0 = error.description }
            throw error
        }
    }

    private func writeTransaction<T: Sendable>(_ context: WriteContext, _ body: (WriteTransaction) throws -> T) throws -> T {
        let (result, actions) = try writer.withLock { owned in
            let tx = WriteTransaction(connection: owned.connection, context: context, observers: observers.withLock { $0 })
            let result = try owned.connection.transaction { try body(tx) }
            let changes = tx.changeSet
            for f in followers.withLock({ $0 }) { f.follow(changes, owned.connection) }
            // Followers must not leave the writer holding a snapshot either (see Connection.transaction).
            owned.connection.resetStatements()
            return (result, tx.afterCommitActions)
        }
        lastWriteFailure.withLock { $0 = nil }
        for action in actions { action() }
        return result
    }

    /// Runs `body` with the writer's connection, outside any transaction, while holding the writer: it reads
    /// every committed write, and no write commits until it returns. For building in-memory copies of the data
    /// that `Follower`s then keep current, with no write slipping between the two.
    /// Must not be called from inside a write.
    public func withWriterConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        try writer.withLock { owned in
            defer { owned.connection.resetStatements() }
            return try body(owned.connection)
        }
    }

    /// `withWriterConnection` inside one read transaction: every query of `body` sees the same snapshot.
    public func withWriterSnapshot<T>(_ body: (Connection) throws -> T) throws -> T {
        try withWriterConnection { db in
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            return try body(db)
        }
    }

    /// Adds code to run inside every later write's transaction (the server adds its tile cache's invalidation).
    public func observe(_ observer: any WriteObserver) {
        observers.withLock { $0 = Self.inPhaseOrder($0 + [observer]) }
    }

    /// Gives `follower` the change set of every later write, right after its commit (see `Follower`).
    public func follow(_ follower: any Follower) {
        followers.withLock { $0.append(follower) }
    }

    private static func inPhaseOrder(_ observers: [any WriteObserver]) -> [any WriteObserver] {
        observers.enumerated().sorted { ($0.element.phase, $0.offset) < ($1.element.phase, $1.offset) }.map(\.element)
    }

    /// Runs `body` with a pooled read-only connection; it sees one consistent snapshot for its whole run.
    public func read<T: Sendable>(_ body: (Reader) throws -> T) throws -> T {
        readerSlots.wait()
        defer { readerSlots.signal() }
        let owned = try idleReaders.withLock { $0.popLast() } ?? Owned(connection: try Connection(path: path, mode: .readOnly))
        defer { idleReaders.withLock { $0.append(owned) } }
        return try Reader(connection: owned.connection).snapshot(body)
    }

    /// A reader of its own for a thread that keeps it (a server worker); not shared with the pool.
    public func makeReader() throws -> Reader {
        Reader(connection: try Connection(path: path, mode: .readOnly))
    }

    /// SQLite's data_version as the writer sees it: it changes only when another process (or another
    /// connection than this store's writer) commits, so a server can tell writes it did not make (a CLI import
    /// while it serves). Nil when the writer is busy, rather than waiting for a long write.
    public func externalDataVersion() -> Int64? {
        writer.withLockIfAvailable { owned in try? owned.connection.scalar("PRAGMA data_version").intValue } ?? nil
    }

    /// Whether the writer can write: `.busy` while a write (or another process's lock) holds it, `.failing`
    /// when it holds a read snapshot between writes (it could then not begin the next write) or the last
    /// write failed in the database itself (locked, read-only, disk full) rather than on its data.
    public func writerHealth() -> WriterHealth {
        writer.withLockIfAvailable { owned -> WriterHealth in
            if owned.connection.holdsTransaction { return .failing("the writer connection holds a transaction between writes") }
            return lastWriteFailure.withLock { $0 }.map { .failing("the last write failed: \($0)") } ?? .ready
        } ?? .busy
    }

    /// How many times this process changed the tokens: with `externalDataVersion`, tells a token table
    /// held in memory when to read the tokens again.
    public var localTokenChanges: Int { tokenChanges.load(ordering: .acquiring) }

    /// The schema version the database is at.
    public func schemaVersion() throws -> Int {
        try writer.withLock { try Schema.version(of: $0.connection) }
    }
}

/// What `Store.writerHealth()` found.
public enum WriterHealth: Sendable, Equatable {
    case ready, busy
    case failing(String)
}
