import GeoKit

/// Which features of a layer with a time window a scan reads.
public enum WindowSelection: Sendable, Equatable {
    /// Every feature.
    case all
    /// Those with no window (both ends NULL); none of a layer whose features always carry one (reports).
    case permanent
    /// Those with a window, whatever the instant.
    case windowed
    /// Those whose window holds this stored timestamp (half-open: [valid_from, valid_to)).
    case activeAt(String)
}

/// Which features of a layer, by id.
public enum IDSelection: Sendable, Equatable {
    case all
    case one(Int64)
    case range(ClosedRange<Int64>)
}

/// One row of a scan: column 0 is the feature's id, columns 1…n the fields asked for, in order, and the
/// geometry is read with `withGeometry`.
public struct ScanRow {
    let statement: Statement
    let geometryColumn: Int32

    public var id: Int64 { statement.int64(0) }
    /// Field `i` (0-based, in the order asked).
    public func isNull(_ i: Int) -> Bool { statement.isNull(Int32(i + 1)) }
    public func text(_ i: Int) -> String? { statement.text(Int32(i + 1)) }
    public func double(_ i: Int) -> Double? { isNull(i) ? nil : statement.double(Int32(i + 1)) }
    public func int64(_ i: Int) -> Int64? { isNull(i) ? nil : statement.int64(Int32(i + 1)) }
    public func value(_ i: Int) -> Value { statement.value(Int32(i + 1)) }
    /// The geometry's SpatiaLite blob, read in place.
    public func withGeometry<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try statement.withBlob(geometryColumn, body)
    }
}

extension Connection {
    /// Calls `body` with every feature of `layer` that has a geometry, of the id and window selections, and
    /// (with `near`) whose index box meets that lon/lat box; fields are read by name, checked against the
    /// layer. Rows come in id order only when asked (an ORDER BY would make SQLite scan the table instead of
    /// using the window index).
    public func scan(_ layer: LayerSchema, fields: [String], ids: IDSelection = .all, window: WindowSelection = .all, near: BBox? = nil,
                     inIDOrder: Bool = false, _ body: (ScanRow) throws -> Void) throws {
        for f in fields where layer.field(f) == nil { throw StoreError.invalidQuery(["\(layer.name) has no field \(f)"]) }
        var filter = "geom IS NOT NULL"
        var values: [Int32: Value] = [:]
        switch (window, layer.timeWindow) {
        case (.all, _), (.permanent, nil):
            break
        case (.windowed, nil), (.activeAt, nil):
            return
        case (.permanent, .some(let w)):
            if layer.field(w.from)?.required == true { return }
            filter += " AND \(w.from) IS NULL AND \(w.to) IS NULL"
        case (.windowed, .some(let w)):
            filter += " AND (\(w.from) IS NOT NULL OR \(w.to) IS NOT NULL)"
        case (.activeAt(let at), .some(let w)):
            // Two index ranges (SQLite's multi-index OR over the window index): windows that have begun, and
            // windows open at the start; permanent rows (both NULL) are in neither.
            filter += " AND ((\(w.from) <= ?1 AND (\(w.to) IS NULL OR \(w.to) > ?1)) OR (\(w.from) IS NULL AND \(w.to) > ?1))"
            values[1] = .text(at)
        }
        if let near {
            filter += " AND fid IN (\(SpatialIndex.meeting(layer, minX: "?2", minY: "?3", maxX: "?4", maxY: "?5")))"
            for (i, v) in [near.minX, near.minY, near.maxX, near.maxY].enumerated() { values[Int32(i + 2)] = .real(v) }
        }
        switch ids {
        case .all: break
        case .one(let id):
            filter += " AND fid = ?6"
            values[6] = .integer(id)
        case .range(let r):
            filter += " AND fid BETWEEN ?6 AND ?7"
            values[6] = .integer(r.lowerBound)
            values[7] = .integer(r.upperBound)
        }
        let columns = (["fid"] + fields.map { "\"\($0)\"" } + ["geom"]).joined(separator: ", ")
        let s = try cached("SELECT \(columns) FROM \(layer.name) WHERE \(filter)" + (inIDOrder ? " ORDER BY fid" : ""))
        for (i, v) in values { try s.bind(v, at: i) }
        defer { s.reset() }
        let row = ScanRow(statement: s, geometryColumn: Int32(fields.count + 1))
        while try s.step() { try body(row) }
    }
}
