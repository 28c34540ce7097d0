import Foundation
import GeoKit
@_spi(RawSQL) @testable import Store
import Testing

/// The stored vocabulary extensions: validation and the table's CHECK take an added code, connections opened
/// before the addition see it, and a refused batch leaves the database as it was.
@Suite struct VocabularyTests {
    static let cinema = VocabularyEntry(layer: "sites", field: "category", code: "cinema", zh: "电影院", en: "Cinema", protectionClass: "general_1")

    static func site(_ category: String) -> Feature {
        Feature(geometry: .point(Coordinate(120.6, 31.3)), properties: ["name": "东方影城", "category": .text(category)])
    }

    @Test func anAddedCodeIsValidAndOlderConnectionsSeeIt() throws {
        let db = try TestDatabase()
        let reader = try db.store.makeReader()
        #expect(try reader.vocabularies().added.isEmpty)
        #expect(throws: StoreError.self) { try db.store.write(editor) { try $0.insert(Self.site("cinema"), into: Catalog.sites) } }
        let version = try db.store.withWriterConnection { try $0.scalar("PRAGMA schema_version").intValue ?? 0 }

        try db.store.addVocabulary(Self.cinema, actor: "test")
        #expect(try db.store.withWriterConnection { try $0.scalar("PRAGMA schema_version").intValue ?? 0 } == version + 1)
        let stored = try db.store.write(editor) { try $0.insert(Self.site("电影院"), into: Catalog.sites) }
        #expect(stored["category"] == .text("cinema"))
        let vocabularies = try reader.vocabularies()
        #expect(vocabularies.added == [Self.cinema])
        #expect(vocabularies.layer("sites")?.field("category")?.vocabulary?.last == "cinema")
        #expect(vocabularies.label("cinema")! == ("电影院", "Cinema"))
        #expect(vocabularies.protectionClassByCategory == ["cinema": "general_1"])
        #expect(throws: StoreError.self) { try db.store.write(editor) { try $0.insert(Self.site("opera"), into: Catalog.sites) } }
        // The built-in catalogue is untouched: another database does not know the code.
        #expect(Catalog.sites.field("category")?.vocabulary?.contains("cinema") == false)
    }

    @Test func aRefusedBatchLeavesTheDatabaseAsItWas() throws {
        let db = try TestDatabase()
        let schema = try db.store.withWriterConnection { try $0.scalar("SELECT group_concat(sql) FROM sqlite_master") }
        let drones = VocabularyEntry(layer: "resources", field: "kind", code: "drone_team", zh: "无人机队", en: "Drone team")
        let bad = VocabularyEntry(layer: "reports", field: "activity", code: "Night-Work", zh: "夜间作业", en: "Night work")
        #expect(throws: VocabularyError.self) { try db.store.ensureVocabularies([drones, Self.cinema, bad], actor: "test") }
        #expect(try db.store.vocabularies().added.isEmpty)
        #expect(try db.store.withWriterConnection { try $0.scalar("SELECT group_concat(sql) FROM sqlite_master") } == schema)
        #expect(throws: StoreError.self) { try db.store.write(editor) { try $0.insert(Self.site("cinema"), into: Catalog.sites) } }

        #expect(try db.store.ensureVocabularies([drones, Self.cinema], actor: "test") == [drones, Self.cinema])
        #expect(try db.store.ensureVocabularies([drones, Self.cinema], actor: "test") == [])
        #expect(throws: VocabularyError.self) { try db.store.addVocabulary(Self.cinema, actor: "test") }
        #expect(try db.store.withWriterConnection { try $0.scalar("PRAGMA integrity_check") } == .text("ok"))
    }
}
