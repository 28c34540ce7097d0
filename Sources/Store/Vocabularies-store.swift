import CSpatiaLite
import Foundation

/// The stored vocabulary extensions: reading them (cached per connection until the schema changes: every
/// addition rewrites a table's CHECK, which moves `PRAGMA schema_version`, so another process's addition is seen
/// on the next read) and adding them, row and CHECK in one transaction.
extension Connection {
    /// The effective catalogue as this connection's snapshot has it.
    func vocabularies() throws -> Vocabularies {
        let version = try scalar("PRAGMA schema_version").intValue ?? 0
        if let c = vocabularyCache, c.schemaVersion == version { return c.value }
        let value = Vocabularies(added: try vocabularyEntries())
        vocabularyCache = (version, value)
        return value
    }

    func vocabularyEntries() throws -> [VocabularyEntry] {
        let s = try cached("SELECT layer, field, code, label_zh, label_en, protection_class FROM vocabulary_extensions ORDER BY added_at, layer, field, code")
        defer { s.reset() }
        var out: [VocabularyEntry] = []
        while try s.step() {
            out.append(VocabularyEntry(layer: s.text(0) ?? "", field: s.text(1) ?? "", code: s.text(2) ?? "",
                                       zh: s.text(3) ?? "", en: s.text(4) ?? "", protectionClass: s.text(5)))
        }
        return out
    }

    /// Lets `table`'s CHECK on `field` accept `code` too, by editing the table's definition in place as SQLite
    /// documents (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): a longer IN list only
    /// loosens the check, so every stored row still meets it and the table need not be rebuilt. Defensive mode,
    /// which forbids writable_schema, is lifted for this edit only. Must run inside the caller's transaction.
    func widenCheck(table: String, field: String, adding code: String) throws {
        let sql = try scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)]).textValue
        let opening = "CHECK (\"\(field)\" IN ("
        guard let sql, let start = sql.range(of: opening), let end = sql.range(of: "))", range: start.upperBound..<sql.endIndex) else {
            throw VocabularyError("\(table).\(field) has no CHECK list to extend")
        }
        var widened = sql
        widened.insert(contentsOf: ",'\(code)'", at: end.lowerBound)
        let version = try scalar("PRAGMA schema_version").intValue ?? 0
        _ = riskmap_db_config_defensive(handle, 0)
        defer { _ = riskmap_db_config_defensive(handle, 1) }
        try execute("PRAGMA writable_schema = ON")
        do {
            let update = try prepare("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?")
            try update.bind([.text(widened), .text(table)])
            _ = try update.step()
            try execute("PRAGMA schema_version = \(version + 1)")
        } catch {
            try? execute("PRAGMA writable_schema = OFF")
            throw error
        }
        try execute("PRAGMA writable_schema = OFF")
        let check = try prepare("PRAGMA integrity_check(\(table))")
        var problems: [String] = []
        while try check.step() { problems.append(check.text(0) ?? "") }
        guard problems == ["ok"] else {
            throw VocabularyError("\(table) failed its integrity check after the CHECK change: \(problems.prefix(3).joined(separator: "; "))")
        }
    }
}

extension Store {
    /// The effective catalogue as the database has it now.
    public func vocabularies() throws -> Vocabularies {
        try read { try $0.vocabularies() }
    }

    /// Adds `entry` to its field's vocabulary, or throws `VocabularyError` naming why it cannot be added.
    public func addVocabulary(_ entry: VocabularyEntry, actor: String, time: String = Timestamp.now()) throws {
        try addVocabularies([entry], skippingStored: false, actor: actor, time: time)
    }

    /// Adds each of `entries` that is not stored yet, all in one transaction, and returns those it added: for a
    /// configuration applied at every start. An entry stored with other labels or class is refused.
    @discardableResult
    public func ensureVocabularies(_ entries: [VocabularyEntry], actor: String, time: String = Timestamp.now()) throws -> [VocabularyEntry] {
        try addVocabularies(entries, skippingStored: true, actor: actor, time: time)
    }

    @discardableResult
    private func addVocabularies(_ entries: [VocabularyEntry], skippingStored: Bool, actor: String, time: String) throws -> [VocabularyEntry] {
        if entries.isEmpty { return [] }
        return try withWriterConnection { db in
            try db.transaction {
                var added: [VocabularyEntry] = []
                for entry in entries {
                    // Read uncached: a rolled-back addition must not leave its catalogue in the connection's cache.
                    let current = Vocabularies(added: try db.vocabularyEntries())
                    if skippingStored, let stored = current.added.first(where: { ($0.layer, $0.field, $0.code) == (entry.layer, entry.field, entry.code) }) {
                        guard stored == entry else {
                            throw VocabularyError("\(entry.layer).\(entry.field) '\(entry.code)' is stored with other labels or class (\(stored.zh), \(stored.en)\(stored.protectionClass.map { ", \($0)" } ?? "")); adding only extends")
                        }
                        continue
                    }
                    if let problem = current.problem(adding: entry) { throw VocabularyError(problem) }
                    let insert = try db.cached("""
                        INSERT INTO vocabulary_extensions (layer, field, code, label_zh, label_en, protection_class, added_at, added_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    try insert.bind([.text(entry.layer), .text(entry.field), .text(entry.code), .text(entry.zh), .text(entry.en),
                                     entry.protectionClass.map(Value.text) ?? .null, .text(time), .text(actor)])
                    defer { insert.reset() }
                    _ = try insert.step()
                    try db.widenCheck(table: entry.layer, field: entry.field, adding: entry.code)
                    added.append(entry)
                }
                return added
            }
        }
    }
}

extension Reader {
    /// The effective catalogue as this reader's snapshot has it (cached until the schema changes).
    public func vocabularies() throws -> Vocabularies { try connection.vocabularies() }
}

extension WriteTransaction {
    /// The effective catalogue inside this write (validation checks codes against it).
    public func vocabularies() throws -> Vocabularies { try connection.vocabularies() }
}
