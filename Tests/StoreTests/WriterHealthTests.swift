import Foundation
import Testing
@_spi(RawSQL) @testable import Store

/// The writer against another process's commits and locks (`riskmap import` or `token create` on the file a
/// server writes to).
@Suite struct WriterHealthTests {
    /// A write reads its feature back with statements that stop on a row; after it commits, another
    /// connection's commit must not make the next write fail (it did, with SQLITE_BUSY_SNAPSHOT, 517).
    @Test func writesCarryOnAfterAnotherConnectionCommits() throws {
        let db = try TestDatabase()
        try db.store.write(editor) { try $0.insert(sampleFeature(Catalog.sites), into: Catalog.sites) }
        #expect(db.store.writerHealth() == .ready)
        let other = try Connection(path: db.path, mode: .readWrite)
        try other.execute("CREATE TABLE elsewhere(x)")
        try db.store.write(editor) { try $0.insert(sampleFeature(Catalog.sites), into: Catalog.sites) }
        #expect(db.store.writerHealth() == .ready)
        #expect(try db.store.read { try $0.count(Catalog.sites) } == 2)
    }

    /// A write the database refuses (here: another connection holds the write lock past the busy timeout)
    /// marks the writer failing until a write succeeds again.
    @Test func aRefusedWriteIsReportedUntilOneSucceeds() throws {
        let db = try TestDatabase()
        let other = try Connection(path: db.path, mode: .readWrite)
        try other.execute("BEGIN IMMEDIATE")
        #expect(throws: SQLiteError.self) {
            try db.store.write(editor) { try $0.insert(sampleFeature(Catalog.sites), into: Catalog.sites) }
        }
        guard case .failing(let why) = db.store.writerHealth() else {
            Issue.record("expected a failing writer, got \(db.store.writerHealth())")
            return
        }
        #expect(why.contains("locked"))
        try other.execute("ROLLBACK")
        try db.store.write(editor) { try $0.insert(sampleFeature(Catalog.sites), into: Catalog.sites) }
        #expect(db.store.writerHealth() == .ready)
    }
}
