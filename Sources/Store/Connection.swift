import CSpatiaLite

/// One SQLite connection with SpatiaLite loaded and a cache of prepared statements.
///
/// Not Sendable: a connection is used by one thread at a time (opened with SQLITE_OPEN_NOMUTEX). The
/// `Store` hands connections between threads only under its locks.
///
/// Outside Store a connection is a handle for Store's typed calls (`db.scan(…)`, `db.gridMeta()`, …): the raw
/// SQL surface below is the `RawSQL` SPI, imported only by tests and by the benchmarks' SQL peers
/// (`@_spi(RawSQL) import Store`; LayeringTests fails if a target other than Store does).
public final class Connection {
    public enum Mode: Sendable {
        case readOnly, readWrite, create
    }

    let handle: OpaquePointer
    private let spatialite: UnsafeMutableRawPointer?
    private var cache: [String: Statement] = [:]
    /// The effective vocabularies and the schema version they were read at (see `vocabularies()`).
    var vocabularyCache: (schemaVersion: Int64, value: Vocabularies)?
    public let path: String

    public init(path: String, mode: Mode) throws(SQLiteError) {
        var flags = SQLITE_OPEN_NOMUTEX
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let error = SQLiteError.from(db, rc, sql: nil)
            sqlite3_close_v2(db)
            throw SQLiteError(code: error.code, message: "cannot open \(path): \(error.message)")
        }
        handle = db
        self.path = path
        spatialite = spatialite_alloc_connection()
        spatialite_init_ex(db, spatialite, 0)
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5_000)
        _ = riskmap_db_config_defensive(db, 1)
        try execute("PRAGMA foreign_keys = ON")
        if mode == .readOnly {
            // Readers map the file instead of copying pages through read(2): tile drawing reads much of it.
            try execute("PRAGMA mmap_size = 1073741824")
        } else {
            try execute("PRAGMA journal_mode = WAL")
            try execute("PRAGMA synchronous = NORMAL")
        }
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
        if let spatialite { spatialite_cleanup_ex(spatialite) }
    }

    /// Runs one or more statements that return no rows.
    @_spi(RawSQL) public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// A prepared statement from the cache, reset and with its bindings cleared.
    @_spi(RawSQL) public func cached(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = cache[sql] {
            statement.reset()
            return statement
        }
        let statement = try Statement(connection: self, sql: sql, persistent: true)
        cache[sql] = statement
        return statement
    }

    /// Like `cached`, for SQL whose text depends on a request's shape: the cache is emptied when it grows past
    /// a bound, so clients cannot grow it without limit.
    @_spi(RawSQL) public func cachedBounded(_ sql: String) throws(SQLiteError) -> Statement {
        if cache[sql] == nil, cache.count >= 512 { cache.removeAll(keepingCapacity: true) }
        return try cached(sql)
    }

    /// Resets every cached statement. A statement left mid-result keeps its read snapshot open, so readers
    /// call this when they finish, before ending their transaction.
    public func resetStatements() {
        // Only a statement stepped but not finished holds anything; `cached` resets the rest when it hands them out.
        for statement in cache.values where statement.isBusy { statement.reset() }
    }

    /// A statement that is not cached (for SQL built once, such as schema changes).
    @_spi(RawSQL) public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(connection: self, sql: sql, persistent: false)
    }

    /// Runs `sql` with `values` bound and returns the first column of the first row.
    @_spi(RawSQL) public func scalar(_ sql: String, _ values: [Value] = []) throws(SQLiteError) -> Value {
        let s = try cached(sql)
        try s.bind(values)
        defer { s.reset() }
        return try s.step() ? s.value(0) : .null
    }

    @_spi(RawSQL) public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    @_spi(RawSQL) public var changes: Int { Int(sqlite3_changes(handle)) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
    /// Any transaction open, a read snapshot kept by an unfinished statement included.
    var holdsTransaction: Bool { sqlite3_txn_state(handle, nil) != SQLITE_TXN_NONE }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT; any error rolls everything back. Statements are reset
    /// before the transaction ends: one left on a row would keep the connection's read snapshot after COMMIT,
    /// and the next BEGIN IMMEDIATE would then fail with SQLITE_BUSY_SNAPSHOT as soon as another process
    /// (a CLI import, `riskmap token create`) committed.
    @_spi(RawSQL) public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            resetStatements()
            try execute("COMMIT")
            return result
        } catch {
            resetStatements()
            try? execute("ROLLBACK")
            throw error
        }
    }
}
