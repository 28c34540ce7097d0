import GeoKit

/// Who writes, and the time recorded for the write (fixed by the demo so that its output is reproducible).
public struct WriteContext: Sendable {
    public var actor: String
    public var time: String
    /// The risk sources this writer may act for (an enterprise token's), or nil for any. With a set, every
    /// feature of a layer that belongs to a risk source (risks, reports) must belong to one of them, before
    /// and after the change; features of other layers are not limited here (roles decide which layers).
    public var sources: Set<Int64>?
    /// The areas (area codes) this writer is limited to (an editor token's), or nil for anywhere: every feature
    /// it inserts, changes or deletes must lie inside them, before and after the change (`checkArea`).
    public var areas: [String]?

    public init(actor: String, time: String = Timestamp.now(), sources: Set<Int64>? = nil, areas: [String]? = nil) {
        self.actor = actor
        self.time = time
        self.sources = sources
        self.areas = areas
    }
}

/// The one path by which features change. Each change writes its audit row and runs the store's observers
/// in the same SQLite transaction, so a change and everything derived from it land together or not at all.
public final class WriteTransaction {
    /// The connection, for observers maintaining derived data (colours, grid cells) in the same transaction.
    public let connection: Connection
    public let context: WriteContext
    /// In phase order (`WritePhase`).
    let observers: [any WriteObserver]
    private(set) var afterCommitActions: [@Sendable () -> Void] = []
    /// Every change of this write so far, derived ones included: what followers get once it commits.
    public private(set) var changeSet = ChangeSet()

    init(connection: Connection, context: WriteContext, observers: [any WriteObserver]) {
        self.connection = connection
        self.context = context
        self.observers = observers
    }

    /// Runs `action` once this transaction has committed (and never if it rolls back): observers use it for
    /// work that must also follow the commit, such as dropping cached tiles a concurrent reader may have drawn
    /// from the snapshot before it.
    public func afterCommit(_ action: @escaping @Sendable () -> Void) {
        afterCommitActions.append(action)
    }

    /// Records a change a `derive` observer made because of another (an enterprise recoloured by its risk):
    /// the later phases' observers hear of it now, and followers get it with the rest.
    public func recordDerived(layer: LayerSchema, before: Feature?, after: Feature?) throws {
        try notify(Change(layer: layer, before: before, after: after, derived: true), from: .index)
    }

    /// Adds `change` to the change set and runs the observers of `phase` and later on it.
    private func notify(_ change: Change, from phase: WritePhase = .derive) throws {
        changeSet.changes.append(change)
        for o in observers where o.phase >= phase {
            try o.didChange(layer: change.layer, before: change.before, after: change.after, in: self)
        }
    }

    /// Adds a bulk insert to the change set and tells every observer, in phase order.
    func notifyBulk(_ layer: LayerSchema, _ ids: ClosedRange<Int64>) throws {
        changeSet.bulkInserts.append((layer, ids))
        for o in observers { try o.didBulkInsert(layer: layer, ids: ids, in: self) }
    }

    /// Stores a new feature and returns it as stored (with its id and computed fields).
    @discardableResult
    public func insert(_ new: Feature, into layer: LayerSchema) throws -> Feature {
        let id = try insertRow(new, into: layer)
        let stored = try feature(id, in: layer)
        try audit(action: "insert", layer: layer, id: id, before: nil, after: stored)
        try notify(Change(layer: layer, before: nil, after: stored, derived: false))
        return try feature(id, in: layer)
    }

    /// Changes a feature. With `merge` (PATCH) the given properties replace only themselves and a missing
    /// geometry keeps the old one; without it (PUT) the feature is replaced whole.
    @discardableResult
    public func update(_ id: Int64, in layer: LayerSchema, with change: Feature, merge: Bool) throws -> Feature {
        let before = try feature(id, in: layer)
        try checkScope(layer, before)
        try checkArea(layer, before.geometry, id: id)
        var next = change
        if merge {
            next.properties = before.properties.filter { layer.field($0.key)?.computed == false }
            for (k, v) in change.properties { next.properties[k] = v }
            if change.geometry == nil { next.geometry = before.geometry }
        }
        let values = try Validator(layer: try vocabularies().layer(layer)).normalise(next)
        try checkScope(layer, values: values)
        let geometry = try storedGeometry(next, layer: layer)
        try checkGeometryValid(geometry, layer: layer)
        try checkArea(layer, geometry, id: id)
        let s = try connection.cached(LayerSQL.of(layer).update)
        try bindRow(s, values: values, geometry: geometry)
        try s.bind(.integer(id), at: Int32(values.count + 3))
        try run(s, layer: layer)
        let after = try feature(id, in: layer)
        try audit(action: "update", layer: layer, id: id, before: before, after: after)
        try notify(Change(layer: layer, before: before, after: after, derived: false))
        return try feature(id, in: layer)
    }

    /// Deletes a feature and returns what it was.
    @discardableResult
    public func delete(_ id: Int64, from layer: LayerSchema) throws -> Feature {
        let before = try feature(id, in: layer)
        try checkScope(layer, before)
        try checkArea(layer, before.geometry, id: id)
        let s = try connection.cached(LayerSQL.of(layer).delete)
        try s.bind(.integer(id), at: 1)
        try run(s, layer: layer)
        try audit(action: "delete", layer: layer, id: id, before: before, after: nil)
        try notify(Change(layer: layer, before: before, after: nil, derived: false))
        return before
    }

    /// Inserts many features with one audit entry (action `import`, with the count and `note`). Features are
    /// validated one by one; the first invalid one aborts the whole transaction.
    @discardableResult
    public func bulkInsert(_ features: some Sequence<Feature>, into layer: LayerSchema, note: String,
                           progress: ((Int) -> Void)? = nil) throws -> ClosedRange<Int64>? {
        var first: Int64?
        var last: Int64 = 0
        var count = 0
        for f in features {
            last = try insertRow(f, into: layer)
            if first == nil { first = last }
            count += 1
            if count % 4096 == 0 { progress?(count) }
        }
        progress?(count)
        try connection.cached("INSERT INTO audit (at, actor, action, layer, note) VALUES (?, ?, 'import', ?, ?)")
            .run([.text(context.time), .text(context.actor), .text(layer.name), .text("\(count) features: \(note)")])
        guard let first else { return nil }
        try notifyBulk(layer, first...last)
        return first...last
    }

    /// A feature as stored now, inside this transaction.
    public func feature(_ id: Int64, in layer: LayerSchema) throws -> Feature {
        let s = try connection.cached(LayerSQL.of(layer).selectByID)
        try s.bind(.integer(id), at: 1)
        guard try s.step() else { throw StoreError.notFound(layer: layer.name, id: id) }
        return try s.feature(layer)
    }

    // MARK: Rows

    /// Refuses a feature outside `context.sources` (see `WriteContext.sources`).
    private func checkScope(_ layer: LayerSchema, values: [Value]) throws {
        guard context.sources != nil, let i = layer.writableFields.firstIndex(where: { $0.name == "source_id" }) else { return }
        try checkScope(layer, source: values[i].intValue)
    }

    private func checkScope(_ layer: LayerSchema, _ feature: Feature) throws {
        guard context.sources != nil, layer.field("source_id") != nil else { return }
        try checkScope(layer, source: feature["source_id"].intValue, id: feature.id)
    }

    private func checkScope(_ layer: LayerSchema, source: Int64?, id: Int64? = nil) throws {
        guard let allowed = context.sources else { return }
        let what = id.map { "\(layer.name) feature \($0)" } ?? "a \(layer.name) feature"
        guard let source else { throw StoreError.forbidden("\(what) must name one of your risk sources (source_id)") }
        guard allowed.contains(source) else { throw StoreError.forbidden("\(what) belongs to risk source \(source), which this token may not act for") }
    }

    private func insertRow(_ feature: Feature, into layer: LayerSchema) throws -> Int64 {
        let values = try Validator(layer: try vocabularies().layer(layer)).normalise(feature)
        try checkScope(layer, values: values)
        var geometry = try storedGeometry(feature, layer: layer)
        if geometry == nil, layer.name == Catalog.risks.name, let source = values[0].intValue {
            geometry = try sourceLocation(source)
        }
        try checkGeometryValid(geometry, layer: layer)
        try checkArea(layer, geometry, id: nil)
        let s = try connection.cached(LayerSQL.of(layer).insert)
        try bindRow(s, values: values, geometry: geometry)
        try run(s, layer: layer)
        return connection.lastInsertRowID
    }

    private func bindRow(_ s: Statement, values: [Value], geometry: Geometry?) throws {
        try s.bind(values)
        let n = Int32(values.count)
        try s.bind(.text(context.time), at: n + 1)
        if let geometry {
            try s.bind(blob: SpatiaLiteBlob.encode(geometry), at: n + 2)
        } else {
            try s.bind(.null, at: n + 2)
        }
    }

    /// Runs a write statement, turning SQLite's constraint failures into messages about the layer.
    private func run(_ s: Statement, layer: LayerSchema) throws {
        do {
            while try s.step() {}
        } catch {
            guard error.isConstraintViolation else { throw error }
            if error.message.contains("FOREIGN KEY") {
                throw StoreError.conflict("\(layer.name): the change would break a reference between features "
                    + "(a risk or report naming a missing source, or a source that still has risks or reports)")
            }
            throw StoreError.invalidFeature(layer: layer.name, problems: [error.message])
        }
    }

    /// The geometry as the layer stores it: a Polygon becomes a one-part MultiPolygon where the layer is
    /// declared MULTIPOLYGON.
    private func storedGeometry(_ feature: Feature, layer: LayerSchema) throws -> Geometry? {
        guard let g = feature.geometry else { return nil }
        if layer.declaredType == "MULTIPOLYGON", case .polygon(let rings) = g { return .multiPolygon([rings]) }
        return g
    }

    /// Rejects self-intersecting or otherwise invalid polygons (GEOS through SpatiaLite), naming the reason.
    private func checkGeometryValid(_ geometry: Geometry?, layer: LayerSchema) throws {
        guard let geometry, geometry.kind == .polygon || geometry.kind == .multiPolygon else { return }
        let s = try connection.cached("SELECT ST_IsValid(g), ST_IsValidReason(g) FROM (SELECT ? AS g)")
        try s.bind(blob: SpatiaLiteBlob.encode(geometry), at: 1)
        guard try s.step(), s.int64(0) != 1 else { return }
        let reason = s.text(1) ?? "invalid geometry"
        throw StoreError.invalidFeature(layer: layer.name, problems: ["geometry is not valid: \(reason)"])
    }

    /// Where a risk without its own point sits: a point on its source's surface.
    private func sourceLocation(_ sourceID: Int64) throws -> Geometry {
        let s = try connection.cached("SELECT PointOnSurface(geom) FROM risk_sources WHERE fid = ?")
        try s.bind(.integer(sourceID), at: 1)
        guard try s.step() else {
            throw StoreError.invalidFeature(layer: Catalog.risks.name, problems: ["source_id: risk_sources feature \(sourceID) does not exist"])
        }
        return try s.withBlob(0) { try SpatiaLiteBlob.decode($0).geometry }
    }

    private func audit(action: String, layer: LayerSchema, id: Int64, before: Feature?, after: Feature?) throws {
        try connection.cached("""
            INSERT INTO audit (at, actor, action, layer, feature_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).run([.text(context.time), .text(context.actor), .text(action), .text(layer.name), .integer(id),
                     Self.json(before, layer), Self.json(after, layer)])
    }

    private static func json(_ f: Feature?, _ layer: LayerSchema) -> Value {
        guard let f else { return .null }
        var w = JSONWriter()
        w.feature(f, fields: layer.fields)
        return .text(w.string)
    }
}

// MARK: Imports

/// The pieces an importer needs to load a file in one transaction through the same path as every other write:
/// each row is validated and inserted like `insert`, a bad row is reported and skipped without leaving anything
/// behind, and the whole load is recorded once (`recordImport`), like `bulkInsert`.
extension WriteTransaction {
    /// Every problem `feature` has for `layer` (field rules, geometry, GEOS validity), without writing anything.
    public func problems(_ feature: Feature, in layer: LayerSchema) throws -> [String] {
        do {
            _ = try Validator(layer: try vocabularies().layer(layer)).normalise(feature)
            try checkGeometryValid(try storedGeometry(feature, layer: layer), layer: layer)
            return []
        } catch StoreError.invalidFeature(_, let problems) {
            return problems
        }
    }

    /// Stores one imported feature without an audit row or observer call of its own, and returns its id.
    /// Validation runs before the row is written, so a feature refused with `StoreError.invalidFeature` leaves
    /// nothing behind and the import can go on. `recordImport` must follow, in the same transaction.
    public func insertImported(_ feature: Feature, into layer: LayerSchema) throws -> Int64 {
        try insertRow(feature, into: layer)
    }

    /// Writes the import's one audit row (action `import`, with `note`) and tells observers the id ranges
    /// inserted, layer by layer in the order given.
    public func recordImport(layer: LayerSchema, note: String, inserted: [(layer: LayerSchema, ids: ClosedRange<Int64>)]) throws {
        try connection.cached("INSERT INTO audit (at, actor, action, layer, note) VALUES (?, ?, 'import', ?, ?)")
            .run([.text(context.time), .text(context.actor), .text(layer.name), .text(note)])
        for (l, ids) in inserted {
            try notifyBulk(l, ids)
        }
    }

    /// The id of the first feature of `layer` whose `field` equals `value` (for upserts by a key field).
    public func featureID(in layer: LayerSchema, where field: String, equals value: Value) throws -> Int64? {
        guard layer.field(field) != nil else {
            throw StoreError.invalidFeature(layer: layer.name, problems: ["no field \(field)"])
        }
        let v = try connection.scalar("SELECT fid FROM \(layer.name) WHERE \"\(field)\" = ? ORDER BY fid LIMIT 1", [value])
        return v.intValue
    }

    /// The ids of every feature of `layer`, in id order (for an import that replaces a layer).
    public func featureIDs(in layer: LayerSchema) throws -> [Int64] {
        let s = try connection.cached("SELECT fid FROM \(layer.name) ORDER BY fid")
        var ids: [Int64] = []
        while try s.step() { ids.append(s.int64(0)) }
        return ids
    }

    /// Runs `body` inside a savepoint: if it throws, what it wrote is undone and the transaction goes on.
    @discardableResult
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try connection.cached("SAVEPOINT import_row").run()
        do {
            let result = try body()
            try connection.cached("RELEASE import_row").run()
            return result
        } catch {
            try connection.cached("ROLLBACK TO import_row").run()
            try connection.cached("RELEASE import_row").run()
            throw error
        }
    }
}
