import GeoKit
import Store
import VectorTiles

/// Reads a tile layer's features from the database as `SourceFeature`s: the tile attributes as value ids,
/// the geometry projected to Web Mercator, priority, the zoom it shows from and its time window.
struct SourceLoader {
    let layer: TileLayer
    let table: LayerSchema
    /// The tile attributes present in the table, in the layer's order: they are the source's keys.
    let fields: [Field]
    private let select: String
    /// Columns of the attributes priority and the first zoom are read from, and of the time window.
    private let priorityColumn: Int32?
    private let minZoomColumn: Int32?
    private let windowColumns: (from: Int32, to: Int32)?
    private let geomColumn: Int32

    init(_ layer: TileLayer, table: LayerSchema) {
        self.layer = layer
        self.table = table
        fields = layer.attributes.compactMap { table.field($0) }
        var columns = fields.map(\.name)
        let extras = [layer.priority?.field, layer.minZoomBy?.field, table.timeWindow?.from, table.timeWindow?.to]
        for extra in extras.compactMap({ $0 }) where !columns.contains(extra) {
            columns.append(extra)
        }
        func column(_ name: String?) -> Int32? { name.flatMap { n in columns.firstIndex(of: n).map { Int32($0 + 1) } } }
        priorityColumn = column(layer.priority?.field)
        minZoomColumn = column(layer.minZoomBy?.field)
        windowColumns = table.timeWindow.map { (column($0.from)!, column($0.to)!) }
        geomColumn = Int32(columns.count + 1)
        select = "SELECT fid, " + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ", geom FROM \(table.name)"
    }

    /// Calls `body` with every feature that has a geometry (with `condition`, a WHERE clause over bound
    /// `values`, those it selects), in id order; new attribute values go into `interner`.
    func load(_ db: Connection, where condition: String? = nil, _ values: [Value] = [], interner: inout ValueInterner,
              _ body: (SourceFeature) -> Void) throws {
        let s = try db.prepare(select + (condition.map { " WHERE " + $0 } ?? "") + " ORDER BY fid")
        try s.bind(values)
        var tags: [UInt32] = []
        while try s.step() {
            guard !s.isNull(geomColumn) else { continue }
            let geometry = try s.withBlob(geomColumn) { try SpatiaLiteBlob.decode($0).geometry }
            let g = TileGeometry(geometry, transform: WebMercator.project)
            guard !g.isEmpty else { continue }
            tags.removeAll(keepingCapacity: true)
            for (i, f) in fields.enumerated() {
                let column = Int32(i + 1)
                let value: PropertyValue
                switch s.value(column) {
                case .null: continue
                case .integer(let v): value = f.kind == .boolean ? .bool(v != 0) : .int(v)
                case .real(let v): value = .double(v)
                case .text(let t): value = .string(t)
                }
                tags.append(UInt32(i))
                tags.append(interner.id(of: value))
            }
            body(SourceFeature(
                fid: s.int64(0), kind: g.kind, coordinates: g.coordinates, partEnds: g.partEnds.map { Int32($0) },
                isExterior: g.isExterior, tags: tags,
                priority: layer.priority.map { $0(priorityColumn.flatMap { s.text($0) }) } ?? 0,
                minZoom: layer.minZoomBy.map { $0(minZoomColumn.flatMap { s.text($0) }) } ?? 0,
                box: g.bbox, window: windowColumns.map { TimeWindow(from: s.text($0.from).flatMap(Timestamp.parse) ?? .min,
                                                                   to: s.text($0.to).flatMap(Timestamp.parse) ?? .max) } ?? .always))
        }
    }
}
