import CSpatiaLite
import GeoKit

extension Reader {
    /// Writes the features of `layer` whose geometry box meets `bbox` as comma-separated GeoJSON Feature
    /// objects, straight from the rows (no `Feature` values are built). Returns how many were written.
    @discardableResult
    public func writeGeoJSON(_ layer: LayerSchema, bbox: BBox, limit: Int = .max, into w: inout JSONWriter) throws -> Int {
        let s = try connection.cached(LayerSQL.of(layer).select + " WHERE fid IN (\(Self.rtreeFilter(layer))) ORDER BY fid")
        try Self.bindBBox(s, bbox)
        var n = 0
        let geom = Int32(layer.fields.count + 1)
        while n < limit, try s.step() {
            // The R*Tree holds 32-bit boxes rounded outwards; the blob header has the exact box.
            let exact = s.withBlob(geom) { $0.count >= 38 ? Self.headerBox($0) : nil }
            guard let exact, exact.intersects(bbox) else { continue }
            if n > 0 { w.byte(UInt8(ascii: ",")) }
            try s.writeFeature(fields: layer.fields, into: &w)
            n += 1
        }
        return n
    }

    /// Writes one feature as an open GeoJSON Feature object (the caller closes it); false when there is none.
    public func writeFeature(_ id: Int64, in layer: LayerSchema, into w: inout JSONWriter) throws -> Bool {
        let s = try connection.cached(LayerSQL.of(layer).selectByID)
        try s.bind(.integer(id), at: 1)
        defer { s.reset() }
        guard try s.step() else { return false }
        try s.writeFeature(fields: layer.fields, into: &w, open: true)
        return true
    }

    /// The box around every feature of a layer (nil when it is empty), from its spatial index.
    public func extent(_ layer: LayerSchema) throws -> BBox? {
        try connection.indexedExtent(of: layer)
    }

    /// The earliest start and latest end of a layer's time windows (nil for layers without one).
    public func temporalExtent(_ layer: LayerSchema) throws -> (String?, String?)? {
        guard let w = layer.timeWindow else { return nil }
        let s = try connection.cached("SELECT min(\"\(w.from)\"), max(\"\(w.to)\") FROM \(layer.name)")
        defer { s.reset() }
        guard try s.step() else { return nil }
        return (s.text(0), s.text(1))
    }

    /// Changes whenever another connection commits (SQLite's data_version), for caches keyed on the data.
    public func dataVersion() throws -> Int64 {
        try connection.dataVersion()
    }

    static func headerBox(_ b: UnsafeRawBufferPointer) -> BBox {
        func f(_ i: Int) -> Double { Double(bitPattern: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: 6 + 8 * i, as: UInt64.self))) }
        return BBox(minX: f(0), minY: f(1), maxX: f(2), maxY: f(3))
    }
}

extension Statement {
    /// One GeoJSON Feature from a row of `fid, <fields…>, geom`; booleans are written as true/false. With
    /// `open`, the Feature object is left open so that the caller can add members (links).
    func writeFeature(fields: [Field], into w: inout JSONWriter, open: Bool = false) throws {
        w.raw("{\"type\":\"Feature\",\"id\":")
        w.number(int64(0))
        w.raw(",\"geometry\":")
        let geom = Int32(fields.count + 1)
        if isNull(geom) {
            w.raw("null")
        } else {
            try withBlob(geom) { try w.geometry(spatiaLiteBlob: $0) }
        }
        w.raw(",\"properties\":{")
        for (i, field) in fields.enumerated() {
            let c = Int32(i + 1)
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.key(field.name)
            switch sqlite3_column_type(handle, c) {
            case SQLITE_NULL: w.raw("null")
            case SQLITE_INTEGER where field.kind == .boolean: w.bool(int64(c) != 0)
            case SQLITE_INTEGER where field.kind == .real: w.real(Double(int64(c)))
            case SQLITE_INTEGER: w.number(int64(c))
            case SQLITE_FLOAT: w.real(double(c))
            default:
                let p = sqlite3_column_text(handle, c)
                w.string(utf8: UnsafeBufferPointer(start: p, count: p == nil ? 0 : Int(sqlite3_column_bytes(handle, c))))
            }
        }
        w.raw(open ? "}" : "}}")
    }
}
