import CSpatiaLite

/// A failed SQLite call, with the extended result code, SQLite's message and the statement that failed.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (SQLITE_CONSTRAINT for SQLITE_CONSTRAINT_CHECK, …).
    public var primaryCode: Int32 { code & 0xFF }

    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    public var description: String {
        var s = "SQLite error \(code): \(message)"
        if let sql { s += " [\(sql.count > 200 ? String(sql.prefix(200)) + "…" : sql)]" }
        return s
    }

    static func from(_ db: OpaquePointer?, _ code: Int32, sql: String? = nil) -> SQLiteError {
        let message = db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        let extended = db.map { sqlite3_extended_errcode($0) } ?? code
        return SQLiteError(code: extended, message: message, sql: sql)
    }
}
