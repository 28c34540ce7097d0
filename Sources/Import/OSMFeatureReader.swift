import GeoKit
import Store

/// Reads an OpenStreetMap extract (.osm.pbf or .osm) into records for riskmap's layers: roads split at every
/// intersection into edges with from/to node ids (one-way roads drawn against their direction reversed),
/// crowded sites, hazardous sites as risk sources, oil and gas pipelines, fire stations and shelters as
/// resources. Which objects become what is decided in `OSMTags`.
///
/// readosm reads the file in one pass with callbacks, so the whole extract is read when the reader is made;
/// records are then handed out one by one. Memory: every node's position (24 bytes a node) plus the kept ways.
public struct OSMFeatureReader: ImportRecordReader {
    /// The layers an OSM import can fill, in the order their records come.
    public static let layers = [Catalog.riskSources, Catalog.sites, Catalog.resources, Catalog.pipelines, Catalog.roads]

    private var records: [ImportRecord] = []
    private var index = 0
    /// Counts of what the file held: nodes, and the ways and tagged nodes kept.
    public let nodeCount: Int
    public let skippedPipelines: Int

    public init(path: String, layers: [LayerSchema]) throws {
        let wanted = Set(layers.map(\.name))
        let file = try OSMFile.read(path: path, wanted: OSMTags.isWanted)
        nodeCount = file.nodes.count
        var skipped = 0
        var out: [ImportRecord] = []
        func add(_ layer: LayerSchema, _ location: String, _ geometry: Geometry?, _ properties: [String: Value]) {
            guard wanted.contains(layer.name) else { return }
            var f = Feature(geometry: geometry, properties: [:])
            for (k, v) in properties where !v.isNull { f[k] = v }
            out.append(ImportRecord(location: location, feature: geometry == nil ? nil : f, parent: nil,
                                    problems: geometry == nil ? ["its nodes are missing from the extract"] : [], layer: layer))
        }
        let elements = file.taggedNodes.map { ($0, "node") } + file.ways.filter { OSMTags.roadClass($0.tags) == nil }.map { ($0, "way") }
        for (e, type) in elements {
            let location = "OSM \(type) \(e.id)"
            let t = e.tags
            if let sector = OSMTags.riskSourceSector(t) {
                add(Catalog.riskSources, location, Self.area(e, file.nodes), ["name": Self.name(t, "hazardous site", type, e.id), "sector": .text(sector)])
            } else if let category = OSMTags.siteCategory(t) {
                add(Catalog.sites, location, Self.area(e, file.nodes), ["name": Self.name(t, category, type, e.id), "category": .text(category)])
            } else if let kind = OSMTags.resourceKind(t) {
                add(Catalog.resources, location, Self.area(e, file.nodes).map(Self.representativePoint),
                    ["name": Self.name(t, kind, type, e.id), "kind": .text(kind), "phone": t["phone"].map(Value.text) ?? .null])
            } else if t["man_made"] == "pipeline", type == "way" {
                guard let kind = OSMTags.pipelineKind(t) else { skipped += 1; continue }
                let line = e.refs.compactMap { file.nodes[$0] }
                add(Catalog.pipelines, location, line.count >= 2 ? .lineString(line) : nil,
                    ["name": t["name"].map(Value.text) ?? .null, "kind": .text(kind), "operator": t["operator"].map(Value.text) ?? .null,
                     "medium": t["substance"].map(Value.text) ?? .null, "diameter_mm": t["diameter"].flatMap(Double.init).map(Value.real) ?? .null])
            }
        }
        skippedPipelines = skipped
        if wanted.contains(Catalog.roads.name) { out += RoadSplitter(ways: file.ways, nodes: file.nodes).edges() }
        records = out
    }

    public var progress: (done: Int, total: Int) { (index, records.count) }

    public func describe(_ problem: String, layer: LayerSchema) -> String { problem }

    public mutating func next() throws -> ImportRecord? {
        guard index < records.count else { return nil }
        defer { index += 1 }
        return records[index]
    }

    static func name(_ t: [String: String], _ what: String, _ type: String, _ id: Int64) -> Value {
        .text(t["name"] ?? t["name:zh"] ?? t["name:en"] ?? "\(what) (OSM \(type) \(id))")
    }

    /// A node's point, a closed way's polygon, or for an open way the mean of its points.
    static func area(_ e: OSMElement, _ nodes: NodeIndex) -> Geometry? {
        if let c = e.coordinate { return .point(c) }
        let ring = e.refs.compactMap { nodes[$0] }
        guard ring.count == e.refs.count, !ring.isEmpty else { return nil }
        if ring.count >= 4, ring.first == ring.last { return .polygon([ring]) }
        return representativePoint(.multiPoint(ring))
    }

    /// The mean of a geometry's distinct vertices: inside any convex outline and near the middle of most others.
    static func representativePoint(_ g: Geometry) -> Geometry {
        var points: [Coordinate] = []
        g.forEachCoordinate { points.append($0) }
        if case .polygon = g, points.count > 1 { points.removeLast() }
        let n = Double(points.count)
        return .point(Coordinate(points.map(\.x).reduce(0, +) / n, points.map(\.y).reduce(0, +) / n))
    }
}

/// Cuts road ways into routing edges: a way is split at every node another road way (or the same way again)
/// passes through, and at nodes missing from the extract.
struct RoadSplitter {
    let ways: [OSMElement]
    let nodes: NodeIndex

    func edges() -> [ImportRecord] {
        let roads = ways.filter { OSMTags.roadClass($0.tags) != nil }
        var uses: [Int64: Int] = [:]
        for w in roads { for r in w.refs { uses[r, default: 0] += 1 } }
        var out: [ImportRecord] = []
        for w in roads {
            var piece: [(id: Int64, c: Coordinate)] = []
            var part = 0
            func emit() {
                defer { piece.removeAll() }
                guard let edge = edge(w, piece) else { return }
                part += 1
                out.append(ImportRecord(location: "OSM way \(w.id) edge \(part)", feature: edge, parent: nil, problems: [],
                                        layer: Catalog.roads))
            }
            for (k, ref) in w.refs.enumerated() {
                guard let c = nodes[ref] else {
                    emit()
                    continue
                }
                piece.append((ref, c))
                if k > 0, k < w.refs.count - 1, uses[ref, default: 0] >= 2 {
                    emit()
                    piece = [(ref, c)]
                }
            }
            emit()
        }
        return out
    }

    private func edge(_ w: OSMElement, _ piece: [(id: Int64, c: Coordinate)]) -> Feature? {
        var line: [Coordinate] = []
        for p in piece where line.last != p.c { line.append(p.c) }
        guard line.count >= 2, let first = piece.first, let last = piece.last, let cls = OSMTags.roadClass(w.tags) else { return nil }
        let direction = OSMTags.oneway(w.tags)
        var from = first.id, to = last.id
        if direction < 0 {
            line.reverse()
            swap(&from, &to)
        }
        let speed = OSMTags.speed(w.tags["maxspeed"]).map { min(max($0, 1), 200) } ?? OSMTags.defaultSpeed[cls]!
        return Feature(geometry: .lineString(line), properties: [
            // A road with no name goes by its number (a motorway's "A 656"), so a route's road list can say it.
            "name": (w.tags["name"] ?? w.tags["name:zh"] ?? w.tags["name:en"] ?? w.tags["ref"]).map(Value.text) ?? .null,
            "class": .text(cls), "speed_kmh": .real(speed),
            "oneway": .integer(direction == 0 ? 0 : 1), "hazmat": .integer(w.tags["hazmat"] == "no" ? 0 : 1),
            "from_node": .integer(from), "to_node": .integer(to),
        ].filter { !$0.value.isNull })
    }
}
