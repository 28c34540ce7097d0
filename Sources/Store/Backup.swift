import CSpatiaLite
import Foundation

/// Copies of a database file made with SQLite's online backup API: page by page from one read snapshot, so a
/// copy taken while a server reads and writes the file holds every write committed before the copy began and
/// none after, and is never half a write.
public enum Backup {
    /// Pages copied per step; progress is reported between steps.
    static let pagesPerStep: Int32 = 4096

    /// Copies the database at `source` into a new file at `destination` (refused if it exists), reporting
    /// (pages copied, pages in all) as it goes; returns the pages copied. The copy is checked with
    /// `PRAGMA integrity_check` and left in rollback-journal mode, one self-contained file. A failed copy
    /// leaves nothing at `destination`.
    @discardableResult
    public static func copy(from source: String, to destination: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> Int {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError.conflict("\(destination) exists; backups go to a new file")
        }
        let from = try Connection(path: source, mode: .readOnly)
        do {
            let to = try Connection(path: destination, mode: .create)
            // Pinned to one snapshot: writes committed by others meanwhile neither restart the copy nor enter it.
            try from.execute("BEGIN")
            defer { try? from.execute("COMMIT") }
            _ = try from.scalar("SELECT count(*) FROM sqlite_master")
            let pages = try run(from: from, to: to, progress: progress)
            try to.execute("PRAGMA journal_mode = DELETE")
            try check(to, destination)
            return pages
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: destination + suffix) }
            throw error
        }
    }

    /// Replaces the content of the database at `destination` with the backup at `source`, after checking the
    /// backup's integrity; a server serving `destination` sees the change as another process's commit and
    /// rebuilds what it holds in memory.
    @discardableResult
    public static func restore(from source: String, to destination: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> Int {
        let from = try Connection(path: source, mode: .readOnly)
        try check(from, source)
        let to = try Connection(path: destination, mode: .create)
        return try run(from: from, to: to, progress: progress)
    }

    private static func run(from: Connection, to: Connection, progress: (Int, Int) -> Void) throws -> Int {
        guard let backup = sqlite3_backup_init(to.handle, "main", from.handle, "main") else {
            throw SQLiteError.from(to.handle, sqlite3_errcode(to.handle), sql: nil)
        }
        var rc = SQLITE_OK
        repeat {
            rc = sqlite3_backup_step(backup, pagesPerStep)
            let total = Int(sqlite3_backup_pagecount(backup))
            progress(total - Int(sqlite3_backup_remaining(backup)), total)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { usleep(20_000) }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        let pages = Int(sqlite3_backup_pagecount(backup))
        let finish = sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE, finish == SQLITE_OK else {
            throw SQLiteError.from(to.handle, rc == SQLITE_DONE ? finish : rc, sql: nil)
        }
        return pages
    }

    private static func check(_ db: Connection, _ path: String) throws {
        let result = try db.scalar("PRAGMA integrity_check").textValue ?? ""
        guard result == "ok" else { throw StoreError.conflict("\(path) fails its integrity check: \(result)") }
    }
}
