import GeoKit

/// Where features lie among the areas (districts, towns, chemical parks, the city): what the area summaries
/// count, by the areas' stored polygons (a feature lies where its point on surface lies).
extension Connection {
    /// An area of the `areas` layer: its name, level and shape.
    public struct Area: Sendable {
        public let id: Int64
        public let name: String
        public let level: String
        public let shape: Geometry
    }

    /// Every area with a geometry, in id order.
    public func areas() throws -> [Area] {
        let s = try cached("SELECT fid, name, level, geom FROM areas WHERE geom IS NOT NULL ORDER BY fid")
        defer { s.reset() }
        var out: [Area] = []
        while try s.step() {
            out.append(Area(id: s.int64(0), name: s.text(1) ?? "", level: s.text(2) ?? "",
                            shape: try s.withBlob(3) { try SpatiaLiteBlob.decode($0).geometry }))
        }
        return out
    }

    /// One row per feature of `layer` (of `ids`) and area its point on surface lies within (ST_Within: not on
    /// the area's boundary): the feature's id, the value of `field`, its time window when the layer has one,
    /// and the area's id. A feature within no area has no row.
    public func areaPlacements(of layer: LayerSchema, field: String, ids: IDSelection = .all,
                               _ body: (_ id: Int64, _ value: String?, _ from: String?, _ to: String?, _ area: Int64) throws -> Void) throws {
        guard layer.field(field) != nil else { throw StoreError.invalidQuery(["\(layer.name) has no field \(field)"]) }
        let window = layer.timeWindow.map { "\"\($0.from)\" AS wf, \"\($0.to)\" AS wt" } ?? "NULL AS wf, NULL AS wt"
        let s: Statement
        if ids == .all {
            // Area by area, as SpatiaLite keeps the last area's parsed (prepared) polygon between rows.
            s = try cached("""
                SELECT f.fid, f."\(field)", \(window), a.fid FROM areas a CROSS JOIN \(layer.name) f
                WHERE a.geom IS NOT NULL AND f.fid IN (\(SpatialIndex.meeting(layer, boxOf: "a.geom")))
                AND ST_Within(PointOnSurface(f.geom), a.geom)
                """)
        } else {
            // LIMIT keeps SQLite from flattening the subquery, which would compute each point on surface once
            // per use instead of once per feature.
            s = try cached("""
                SELECT f.fid, f.v, f.wf, f.wt, a.fid FROM
                  (SELECT fid, "\(field)" AS v, \(window), PointOnSurface(geom) AS p FROM \(layer.name)
                   WHERE geom IS NOT NULL AND \(Self.idFilter(ids)) LIMIT -1) f, areas a
                WHERE a.fid IN (\(SpatialIndex.meeting(Catalog.areas, boxOf: "f.p"))) AND ST_Within(f.p, a.geom)
                """)
        }
        try Self.bind(ids, s)
        defer { s.reset() }
        while try s.step() { try body(s.int64(0), s.text(1), s.text(2), s.text(3), s.int64(4)) }
    }

    /// One row per pipeline (of `ids`) and area it crosses: the geodesic length of its part inside, in metres.
    public func pipelineLengths(ids: IDSelection = .all, _ body: (_ id: Int64, _ area: Int64, _ metres: Double) throws -> Void) throws {
        // Area by area for all of them (see areaPlacements).
        let s = try cached(ids == .all ? """
            SELECT p.fid, a.fid, ST_Length(ST_Intersection(p.geom, a.geom), 1) FROM areas a CROSS JOIN pipelines p
            WHERE a.geom IS NOT NULL AND p.fid IN (\(SpatialIndex.meeting(Catalog.pipelines, boxOf: "a.geom")))
            AND ST_Intersects(p.geom, a.geom)
            """ : """
            SELECT p.fid, a.fid, ST_Length(ST_Intersection(p.geom, a.geom), 1) FROM pipelines p, areas a
            WHERE p.geom IS NOT NULL AND \(Self.idFilter(ids, column: "p.fid"))
            AND a.fid IN (\(SpatialIndex.meeting(Catalog.areas, boxOf: "p.geom"))) AND ST_Intersects(p.geom, a.geom)
            """)
        try Self.bind(ids, s)
        defer { s.reset() }
        while try s.step() {
            if !s.isNull(2) { try body(s.int64(0), s.int64(1), s.double(2)) }
        }
    }

    private static func idFilter(_ ids: IDSelection, column: String = "fid") -> String {
        switch ids {
        case .all: "1"
        case .one: "\(column) = ?1"
        case .range: "\(column) BETWEEN ?1 AND ?2"
        }
    }

    private static func bind(_ ids: IDSelection, _ s: Statement) throws {
        switch ids {
        case .all: break
        case .one(let id): try s.bind(.integer(id), at: 1)
        case .range(let r):
            try s.bind(.integer(r.lowerBound), at: 1)
            try s.bind(.integer(r.upperBound), at: 2)
        }
    }

    /// The largest value of a numeric field of a layer (nil when none is set).
    public func largest(_ field: String, of layer: LayerSchema) throws -> Double? {
        guard layer.field(field) != nil else { throw StoreError.invalidQuery(["\(layer.name) has no field \(field)"]) }
        return try scalar("SELECT max(\"\(field)\") FROM \(layer.name)").doubleValue
    }

    /// Changes whenever another connection commits (SQLite's data_version), for caches keyed on the data.
    public func dataVersion() throws -> Int64 {
        try scalar("PRAGMA data_version").intValue ?? 0
    }
}
