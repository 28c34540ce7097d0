/// The queries the alert loop needs over the `alerts` layer: the thread of messages about one cause, and alerts
/// in id order after one a client has seen (ids only grow, so they are the event stream's ids).
extension Connection {
    /// The first alert raised about a feature, and the type of the latest message about it; nil when none.
    public func alertThread(causeLayer: String, causeID: Int64) throws -> (first: Int64, latestType: String)? {
        let s = try cached("""
            SELECT min(fid) FILTER (WHERE msg_type = 'Alert'), (SELECT msg_type FROM alerts b WHERE b.cause_layer = ?1 AND b.cause_id = ?2 ORDER BY fid DESC LIMIT 1)
            FROM alerts WHERE cause_layer = ?1 AND cause_id = ?2
            """)
        try s.bind([.text(causeLayer), .integer(causeID)])
        defer { s.reset() }
        guard try s.step(), !s.isNull(0) else { return nil }
        return (s.int64(0), s.text(1) ?? "Alert")
    }

    /// Alerts with an id above `after`, created at or after `since` (a stored timestamp), of `levels` (all when
    /// empty), unacknowledged only when asked, naming `area` among their areas when given; in id order, at most `limit`.
    public func alerts(after: Int64 = 0, since: String? = nil, levels: [String] = [], unacknowledgedOnly: Bool = false,
                       area: String? = nil, limit: Int) throws -> [Feature] {
        var sql = LayerSQL.of(Catalog.alerts).select + " WHERE fid > ?1 AND created_at >= ?2"
        if !levels.isEmpty { sql += " AND level IN (\(levels.indices.map { "?\($0 + 5)" }.joined(separator: ", ")))" }
        if unacknowledgedOnly { sql += " AND acknowledged_at IS NULL" }
        sql += " AND (?4 = '' OR instr(areas, ?4) > 0)"
        sql += " ORDER BY fid LIMIT ?3"
        let s = try prepare(sql)
        try s.bind([.integer(after), .text(since ?? ""), .integer(Int64(limit)), .text(area.map { "\"\($0)\"" } ?? "")] + levels.map { .text($0) })
        var out: [Feature] = []
        while try s.step() { out.append(try s.feature(Catalog.alerts)) }
        return out
    }

    /// The largest alert id (0 when there are none).
    public func lastAlertID() throws -> Int64 {
        try scalar("SELECT coalesce(max(fid), 0) FROM alerts").intValue ?? 0
    }
}

extension Connection {
    /// The names of the areas (districts, towns, parks) a point lies within, coarsest level first.
    public func areaNames(containing p: (lon: Double, lat: Double)) throws -> [String] {
        let s = try cached("""
            SELECT name FROM areas WHERE fid IN (\(SpatialIndex.meeting(Catalog.areas, minX: "?1", minY: "?2", maxX: "?1", maxY: "?2")))
            AND ST_Within(MakePoint(?1, ?2, 4326), geom) ORDER BY CASE level WHEN 'city' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, fid
            """)
        try s.bind([.real(p.lon), .real(p.lat)])
        defer { s.reset() }
        var out: [String] = []
        while try s.step() { out.append(s.text(0) ?? "") }
        return out
    }
}

extension Connection {
    /// One text field of one feature (nil when there is no such feature or the field is empty).
    public func text(of layer: LayerSchema, id: Int64, field: String) throws -> String? {
        guard layer.field(field) != nil else { throw StoreError.invalidQuery(["\(layer.name) has no field \(field)"]) }
        return try scalar("SELECT \"\(field)\" FROM \(layer.name) WHERE fid = ?", [.integer(id)]).textValue
    }
}

extension Connection {
    /// The latest audited change: its audit row's id (which only grows) and time; nil before any write.
    public func lastChange() throws -> (id: Int64, at: String)? {
        let s = try cached("SELECT id, at FROM audit ORDER BY id DESC LIMIT 1")
        defer { s.reset() }
        guard try s.step() else { return nil }
        return (s.int64(0), s.text(1) ?? "")
    }
}
