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
    /// Positions in `fields` in the order a feature's tags are kept: the low-zoom attributes first, so that a
    /// tile below the layer's `fullAttributesZoom` takes a prefix of the tags and filters nothing.
    private let tagOrder: [Int]
    private let lowZoomFields: Int
    /// Everything read: the attributes, then those priority, the first zoom and the time window come from.
    private let columns: [String]
    /// Positions in `columns` of the attributes priority and the first zoom are read from, and of the window.
    private let priorityColumn: Int?
    private let minZoomColumn: Int?
    private let windowColumns: (from: Int, to: Int)?

    init(_ layer: TileLayer, table: LayerSchema) {
        self.layer = layer
        self.table = table
        let fields = layer.attributes.compactMap { table.field($0) }
        let low = fields.indices.filter { layer.lowZoomAttributes.contains(fields[$0].name) }
        self.fields = fields
        tagOrder = low + fields.indices.filter { !low.contains($0) }
        lowZoomFields = low.count
        var columns = fields.map(\.name)
        let extras = [layer.priority.field, layer.minZoomBy?.field, table.timeWindow?.from, table.timeWindow?.to]
        for extra in extras.compactMap({ $0 }) where !columns.contains(extra) {
            columns.append(extra)
        }
        func column(_ name: String?) -> Int? { name.flatMap { columns.firstIndex(of: $0) } }
        priorityColumn = column(layer.priority.field)
        minZoomColumn = column(layer.minZoomBy?.field)
        windowColumns = table.timeWindow.map { (column($0.from)!, column($0.to)!) }
        self.columns = columns
    }

    /// Calls `body` with every feature of `ids` that has a geometry, in id order; new attribute values go
    /// into `interner`.
    func load(_ db: Connection, ids: IDSelection = .all, interner: inout ValueInterner, _ body: (SourceFeature) -> Void) throws {
        var tags: [UInt32] = []
        try db.scan(table, fields: columns, ids: ids, inIDOrder: true) { row in
            let geometry = try row.withGeometry { try SpatiaLiteBlob.decode($0).geometry }
            let g = TileGeometry(geometry, transform: WebMercator.project)
            guard !g.isEmpty else { return }
            tags.removeAll(keepingCapacity: true)
            var lowZoomTags = 0
            for (n, i) in tagOrder.enumerated() {
                if n == lowZoomFields { lowZoomTags = tags.count }
                let f = fields[i]
                let value: PropertyValue
                switch row.value(i) {
                case .null: continue
                case .integer(let v): value = f.kind == .boolean ? .bool(v != 0) : .int(v)
                case .real(let v): value = .double(v)
                case .text(let t): value = .string(t)
                }
                tags.append(UInt32(i))
                tags.append(interner.id(of: value))
            }
            if lowZoomFields == fields.count { lowZoomTags = tags.count }
            body(SourceFeature(
                fid: row.id, kind: g.kind, coordinates: g.coordinates, partEnds: g.partEnds.map { Int32($0) },
                isExterior: g.isExterior, tags: tags, lowZoomTags: lowZoomTags,
                priority: layer.priority(priorityColumn.flatMap(row.text)),
                minZoom: layer.minZoomBy.map { $0(minZoomColumn.flatMap(row.text)) } ?? 0,
                box: g.bbox, window: windowColumns.map { TimeWindow(from: row.text($0.from).flatMap(Timestamp.parse) ?? .min,
                                                                   to: row.text($0.to).flatMap(Timestamp.parse) ?? .max) } ?? .always))
        }
    }
}
