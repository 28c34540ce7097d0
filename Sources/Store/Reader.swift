import GeoKit

/// Read-only queries over one connection. Not Sendable: a reader belongs to the thread that holds it.
public final class Reader {
    public let connection: Connection

    init(connection: Connection) {
        self.connection = connection
    }

    /// Runs `body` inside one read transaction, so that every query in it sees the same snapshot, then resets
    /// the statements (a statement left mid-result would hold the snapshot open).
    public func snapshot<T>(_ body: (Reader) throws -> T) throws -> T {
        try connection.execute("BEGIN")
        defer {
            connection.resetStatements()
            try? connection.execute("COMMIT")
        }
        return try body(self)
    }

    public func feature(_ id: Int64, in layer: LayerSchema) throws -> Feature? {
        let s = try connection.cached(LayerSQL.of(layer).selectByID)
        try s.bind(.integer(id), at: 1)
        // Reset at once: a statement left on its row keeps this connection's read snapshot open.
        defer { s.reset() }
        return try s.step() ? try s.feature(layer) : nil
    }

    /// Features whose geometry's box meets `bbox`, found through the layer's R*Tree index, in id order.
    public func features(in layer: LayerSchema, bbox: BBox, limit: Int = .max) throws -> [Feature] {
        let s = try connection.cached(LayerSQL.of(layer).select + " WHERE fid IN (\(Self.rtreeFilter(layer))) ORDER BY fid")
        try Self.bindBBox(s, bbox)
        var out: [Feature] = []
        while out.count < limit, try s.step() {
            let f = try s.feature(layer)
            // The R*Tree holds 32-bit boxes rounded outwards; confirm against the exact geometry.
            if let g = f.geometry, g.bbox.intersects(bbox) { out.append(f) }
        }
        return out
    }

    /// The SQL subquery that selects the ids of a layer whose index box meets ?1…?4 (minX, minY, maxX, maxY).
    static func rtreeFilter(_ layer: LayerSchema) -> String {
        SpatialIndex.meeting(layer, minX: "?1", minY: "?2", maxX: "?3", maxY: "?4")
    }

    static func bindBBox(_ s: Statement, _ b: BBox) throws(SQLiteError) {
        try s.bind([.real(b.minX), .real(b.minY), .real(b.maxX), .real(b.maxY)])
    }

    public func count(_ layer: LayerSchema) throws -> Int {
        Int(try connection.scalar("SELECT count(*) FROM \(layer.name)").intValue ?? 0)
    }

    /// Counts of a layer's features by the values of `field` (NULL counted under "").
    public func counts(_ layer: LayerSchema, by field: String) throws -> [String: Int] {
        guard layer.field(field) != nil else { throw StoreError.invalidFeature(layer: layer.name, problems: ["no field \(field)"]) }
        let s = try connection.cached("SELECT coalesce(\"\(field)\", ''), count(*) FROM \(layer.name) GROUP BY 1")
        var out: [String: Int] = [:]
        while try s.step() { out[s.text(0) ?? ""] = Int(s.int64(1)) }
        return out
    }

    /// A 64-bit FNV-1a digest of every row of a layer in id order (all columns, the geometry blob included):
    /// equal digests mean equal layer contents.
    public func digest(_ layer: LayerSchema) throws -> UInt64 {
        let s = try connection.cached(LayerSQL.of(layer).select + " ORDER BY fid")
        var h: UInt64 = 0xcbf29ce484222325
        func mix(_ bytes: UnsafeRawBufferPointer) {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        }
        while try s.step() {
            for i in 0..<s.columnCount {
                var tag = UInt8(truncatingIfNeeded: i)
                withUnsafeBytes(of: &tag) { mix($0) }
                s.withBlob(i) { mix($0) }
            }
        }
        return h
    }
}

extension Reader {
    /// The schema version of the database (its migrations applied).
    public func schemaVersion() throws -> Int {
        try Schema.version(of: connection)
    }

    /// Whether any import of OpenStreetMap data is in the audit (ODbL then asks maps to say so).
    public func holdsOpenStreetMapData() throws -> Bool {
        try connection.scalar("SELECT count(*) FROM audit WHERE action = 'import' AND note LIKE '%OpenStreetMap%'").intValue ?? 0 > 0
    }
}
