import Foundation
import Synchronization
import Testing
@_spi(RawSQL) @testable import Store

/// A write's change set: observers run in phases whatever their registration order, a derived change reaches
/// the later phases, and followers get the whole set once, after the commit (never for a rollback).
@Suite struct ChangeSetTests {
    final class Log: Sendable {
        let lines = Mutex<[String]>([])
        func add(_ s: String) { lines.withLock { $0.append(s) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// Records what it hears; as a `derive` observer, derives a change of a site from each new risk source.
    struct Recorder: WriteObserver {
        let name: String
        let phase: WritePhase
        let log: Log
        func didChange(layer: LayerSchema, before: Feature?, after: Feature?, in tx: WriteTransaction) throws {
            log.add("\(name) \(layer.name)")
            if phase == .derive, layer.name == Catalog.riskSources.name {
                try tx.recordDerived(layer: Catalog.sites, before: nil, after: Feature(geometry: nil, properties: [:]))
            }
        }
        func didBulkInsert(layer: LayerSchema, ids: ClosedRange<Int64>, in tx: WriteTransaction) throws {}
    }

    struct Follow: Follower {
        let log: Log
        func follow(_ changes: ChangeSet, _ db: Connection) {
            log.add("follow " + changes.changes.map { "\($0.layer.name)\($0.derived ? "*" : "")" }.joined(separator: ","))
        }
    }

    @Test func phasesRunInOrderAndDerivedChangesReachLaterPhasesAndFollowers() throws {
        let log = Log()
        let db = try TestDatabase(observers: [Recorder(name: "invalidate", phase: .invalidate, log: log),
                                              Recorder(name: "index", phase: .index, log: log)])
        db.store.observe(Recorder(name: "derive", phase: .derive, log: log))
        db.store.follow(Follow(log: log))
        try db.store.write(editor) { try $0.insert(sampleFeature(Catalog.riskSources), into: Catalog.riskSources) }
        #expect(log.all == ["derive risk_sources", "index sites", "invalidate sites", "index risk_sources", "invalidate risk_sources",
                            "follow risk_sources,sites*"])
    }

    @Test func aRolledBackWriteIsNotFollowed() throws {
        let log = Log()
        let db = try TestDatabase()
        db.store.follow(Follow(log: log))
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.store.write(editor) { tx in
                try tx.insert(sampleFeature(Catalog.riskSources), into: Catalog.riskSources)
                throw Boom()
            }
        }
        #expect(log.all.isEmpty)
    }
}
