import Monotonic
import Store

/// How an import treats the features already in the layer.
public enum ImportMode: String, Sendable, CaseIterable {
    /// Add every row as a new feature.
    case append
    /// Delete the layer's features first (each deletion audited), then add the rows.
    case replace
    /// Update the feature whose key field equals the row's (fields the file does not give keep their values),
    /// else add it.
    case upsert
}

public struct ImportOptions: Sendable {
    public var mode: ImportMode
    /// The key field for `upsert`.
    public var key: String?
    /// Import the valid rows and report the others, instead of refusing the whole file.
    public var skipInvalid: Bool
    /// Names the file in the audit note.
    public var sourceName: String
    /// In a register, each row's parent (from the mapping's `source` section).
    public var parent: ImportMapping.Parent?
    /// References resolved by a key (`--link source_id=credit_code`, a mapping's `links`).
    public var links: [ImportLink]
    /// Field → the file's spelling → the layer's code (a mapping's `values`).
    public var values: [String: [String: String]]

    public init(mode: ImportMode = .append, key: String? = nil, skipInvalid: Bool = false, sourceName: String,
                parent: ImportMapping.Parent? = nil, links: [ImportLink] = [], values: [String: [String: String]] = [:]) {
        self.mode = mode
        self.key = key
        self.skipInvalid = skipInvalid
        self.sourceName = sourceName
        self.parent = parent
        self.links = links
        self.values = values
    }
}

/// Loads records into a layer in ONE write transaction: every row is validated by the store's own rules, all
/// problems are collected, and by default one bad row rolls the whole file back. The transaction is recorded as
/// one `import` audit entry with the counts (updates and deletions of existing features keep their own
/// audit rows, since they destroy what was there).
public struct Importer {
    public let store: Store
    /// The layers the file fills; the first is the import's layer (its audit entry's), the one records go to
    /// unless they name another.
    public let layers: [LayerSchema]
    public let options: ImportOptions
    public let context: WriteContext

    public var layer: LayerSchema { layers[0] }

    /// The page cache an import may fill before SQLite spills pages to the WAL mid-transaction: about the pages
    /// 100,000 risks and the enterprises they recolour dirty (64 MB and 256 MB measured alike).
    static let pageCacheMebibytes = 64

    public init(store: Store, layer: LayerSchema, options: ImportOptions, context: WriteContext) throws {
        try self.init(store: store, layers: [layer], options: options, context: context)
    }

    public init(store: Store, layers: [LayerSchema], options: ImportOptions, context: WriteContext) throws {
        precondition(!layers.isEmpty, "an import fills at least one layer")
        if options.mode == .upsert {
            guard let key = options.key else { throw ImportError("mode upsert needs a key field (--key FIELD, or key= over HTTP)") }
            for layer in layers {
                guard let f = layer.field(key), !f.computed else { throw ImportError("key '\(key)' is not a field of \(layer.name)") }
            }
        }
        self.store = store
        self.layers = layers
        self.options = options
        self.context = context
    }

    /// Runs the import; `progress` is called now and then with the summary so far and the reader's progress.
    public func run<R: ImportRecordReader>(_ reader: inout R, progress: (ImportSummary, (done: Int, total: Int)) -> Void = { _, _ in })
        throws -> ImportSummary {
        let started = MonotonicClock.seconds()
        var summary = try store.write(context) { tx -> ImportSummary in
            // Per-row bookkeeping triggers of every layer (observers may write others) run once at the end instead.
            try tx.withPageCache(mebibytes: Self.pageCacheMebibytes) {
                try tx.ignoringCheckConstraints {
                    try tx.suspendingChangeTimes(of: Catalog.layers) { try load(&reader, tx, progress) }
                }
            }
        }
        summary.seconds = MonotonicClock.seconds() - started
        return summary
    }

    /// The import inside its transaction: replace, read and write every record, then refuse or record.
    private func load<R: ImportRecordReader>(_ reader: inout R, _ tx: WriteTransaction,
                                             _ progress: (ImportSummary, (done: Int, total: Int)) -> Void) throws -> ImportSummary {
        var s = ImportSummary(layer: layer.name)
        var run = try Run(tx: tx, layer: layer, options: options)
        if options.mode == .replace {
            // Referring layers first, so that a source is deleted after its risks when both are replaced.
            for l in layers.reversed() {
                let ids = try tx.featureIDs(in: l)
                for id in ids { try tx.delete(id, from: l) }
                s.deleted += ids.count
            }
        }
        progress(s, reader.progress)
        // New rows are put in the spatial index in one go at the end, not one by one (docs/PERFORMANCE.md).
        let filled = layers + (options.parent.map { [$0.layer] } ?? [])
        try Self.deferringSpatialIndex(of: filled[...], in: tx) {
            while let record = try reader.next() {
                s.read += 1
                if let problems = try run.load(record, &s) {
                    let prefix = record.layer.map { $0.name == layer.name ? "" : "\($0.name) " } ?? ""
                    s.reject(Rejection(location: prefix + record.location, problems: problems.map { reader.describe($0.text, layer: $0.layer) }))
                }
                if s.read % 1024 == 0 { progress(s, reader.progress) }
            }
        }
        progress(s, reader.progress)
        if s.rejected > 0, !options.skipInvalid { throw ImportRejected(summary: s) }
        var inserted: [(layer: LayerSchema, ids: ClosedRange<Int64>)] = []
        if let p = run.parentIDs, let l = run.parentLayer { inserted.append((l, p)) }
        for l in layers { if let ids = run.insertedIDs[l.name] { inserted.append((l, ids)) } }
        try tx.recordImport(layer: layer, note: "\(options.sourceName) (\(options.mode.rawValue)): \(s.line)", inserted: inserted)
        return s
    }

    private static func deferringSpatialIndex(of layers: ArraySlice<LayerSchema>, in tx: WriteTransaction, _ body: () throws -> Void) throws {
        guard let first = layers.first else { return try body() }
        try tx.deferringSpatialIndex(of: first) { try deferringSpatialIndex(of: layers.dropFirst(), in: tx, body) }
    }
}

/// The state of one import inside its transaction.
private struct Run {
    let tx: WriteTransaction
    let layer: LayerSchema
    let options: ImportOptions
    /// Layer name → the ids inserted (ids only grow inside the transaction, so a range holds them all).
    var insertedIDs: [String: ClosedRange<Int64>] = [:]
    var parentIDs: ClosedRange<Int64>?
    var parentLayer: LayerSchema?
    /// Parent key → id, for parents met earlier in this file.
    var parents: [Value: Int64] = [:]
    var values: ImportValues

    init(tx: WriteTransaction, layer: LayerSchema, options: ImportOptions) throws {
        self.tx = tx
        self.layer = layer
        self.options = options
        // Loose matching knows the codes the database adds ("Cinema" → cinema), as the store's validation does.
        values = ImportValues(layer: try tx.vocabularies().layer(layer), maps: options.values, links: options.links)
    }

    /// Writes one record; returns its problems (each with the layer it concerns) when it was refused.
    mutating func load(_ record: ImportRecord, _ s: inout ImportSummary) throws -> [(layer: LayerSchema, text: String)]? {
        guard record.problems.isEmpty, var feature = record.feature else {
            return record.problems.map { (layer, $0) }
        }
        let target = record.layer ?? layer
        if target.name == layer.name {
            let unresolved = try values.apply(&feature, tx, warnings: &s.warnings)
            if !unresolved.isEmpty { return unresolved.map { (target, $0) } }
        }
        guard let parentFeature = record.parent, let parent = options.parent else {
            return try refused(target) { try write(feature, into: target, &s) }
        }
        // A register row: check the row and its parent together, so every fault of the row is reported at once.
        parentLayer = parent.layer
        let key = parentFeature[parent.key]
        var existing = parents[key]
        if existing == nil { existing = try tx.featureID(in: parent.layer, where: parent.key, equals: key) }
        var check = feature
        check[parent.link] = .integer(existing ?? 0)
        let problems = try tx.problems(parentFeature, in: parent.layer).map { (parent.layer, $0) }
            + tx.problems(check, in: target).map { (target, $0) }
        guard problems.isEmpty else { return problems }
        return try refused(target) {
            try tx.savepoint {
                let id: Int64
                var newParent = false
                if let existing {
                    id = existing
                    if parents[key] == nil {
                        // The register's attributes win over the stored ones; the stored geometry (perhaps the site's
                        // outline) is kept.
                        var change = parentFeature
                        change.geometry = nil
                        try tx.update(existing, in: parent.layer, with: change, merge: true)
                        s.parentsUpdated += 1
                    }
                } else {
                    id = try tx.insertImported(parentFeature, into: parent.layer)
                    newParent = true
                }
                feature[parent.link] = .integer(id)
                try write(feature, into: target, &s)
                parents[key] = id
                if newParent {
                    parentIDs = parentIDs.map { $0.lowerBound...id } ?? id...id
                    s.parentsInserted += 1
                }
            }
        }
    }

    /// Runs `body`, turning the store's refusal of the row into problems (anything else aborts the import).
    private func refused(_ l: LayerSchema, _ body: () throws -> Void) throws -> [(layer: LayerSchema, text: String)]? {
        do {
            try body()
            return nil
        } catch StoreError.invalidFeature(let name, let problems) {
            let target = Catalog.layer(name) ?? l
            return problems.map { (target, $0) }
        } catch StoreError.conflict(let message) {
            return [(l, message)]
        }
    }

    /// Inserts, or in upsert mode updates the feature with the same key.
    private mutating func write(_ feature: Feature, into layer: LayerSchema, _ s: inout ImportSummary) throws {
        if options.mode == .upsert, let key = options.key {
            let value = feature[key]
            guard !value.isNull else {
                throw StoreError.invalidFeature(layer: layer.name, problems: ["\(key): is required as the upsert key"])
            }
            if let id = try tx.featureID(in: layer, where: key, equals: value) {
                try tx.savepoint { try tx.update(id, in: layer, with: feature, merge: true) }
                s.updated += 1
                return
            }
        }
        let id = try tx.insertImported(feature, into: layer)
        insertedIDs[layer.name] = insertedIDs[layer.name].map { $0.lowerBound...id } ?? id...id
        s.inserted += 1
        s.insertedByLayer[layer.name, default: 0] += 1
    }
}
