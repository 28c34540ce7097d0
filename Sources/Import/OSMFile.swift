import CReadOSM
import GeoKit

/// An OpenStreetMap node or way as riskmap keeps it: ids, references and the tags asked for.
struct OSMElement {
    let id: Int64
    let tags: [String: String]
    /// A node's position.
    var coordinate: Coordinate?
    /// A way's node ids.
    var refs: [Int64] = []
}

/// Node positions by id in two flat arrays (PBF and XML extracts list nodes in id order, so lookups are binary
/// searches); a dictionary of a few million boxed entries would cost several times the memory.
struct NodeIndex {
    private(set) var ids: [Int64] = []
    private(set) var coordinates: [Coordinate] = []
    private var sorted = true

    mutating func append(_ id: Int64, _ c: Coordinate) {
        if let last = ids.last, id <= last { sorted = false }
        ids.append(id)
        coordinates.append(c)
    }

    /// Sorts by id when the file did not list nodes in order.
    mutating func finish() {
        guard !sorted else { return }
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        ids = order.map { ids[$0] }
        coordinates = order.map { coordinates[$0] }
        sorted = true
    }

    subscript(_ id: Int64) -> Coordinate? {
        var lo = 0, hi = ids.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ids[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < ids.count && ids[lo] == id ? coordinates[lo] : nil
    }

    var count: Int { ids.count }
}

/// Reads an OpenStreetMap file (.osm.pbf or .osm XML) with readosm in one pass: every node's position, and the
/// tagged nodes and ways that `wanted` accepts with their tags. Relations are not read.
enum OSMFile {
    struct Contents {
        var nodes = NodeIndex()
        var taggedNodes: [OSMElement] = []
        var ways: [OSMElement] = []
    }

    /// Collects readosm's callbacks; passed to C as an opaque pointer, since C callbacks cannot capture.
    private final class Collector {
        var contents = Contents()
        let wanted: ([String: String]) -> Bool

        init(wanted: @escaping ([String: String]) -> Bool) { self.wanted = wanted }

        static func tags(_ count: Int32, _ tags: UnsafePointer<readosm_tag>?) -> [String: String] {
            guard let tags, count > 0 else { return [:] }
            var out: [String: String] = [:]
            for i in 0..<Int(count) {
                if let k = tags[i].key, let v = tags[i].value { out[String(cString: k)] = String(cString: v) }
            }
            return out
        }
    }

    static func read(path: String, wanted: @escaping ([String: String]) -> Bool) throws -> Contents {
        var handle: UnsafeRawPointer?
        let opened = readosm_open(path, &handle)
        guard opened == READOSM_OK, let handle else {
            if let handle { readosm_close(handle) }
            throw ImportError("cannot open \(path) as OpenStreetMap (.osm or .pbf): \(describe(opened))")
        }
        defer { readosm_close(handle) }
        let collector = Collector(wanted: wanted)
        let rc = readosm_parse(handle, Unmanaged.passUnretained(collector).toOpaque(), { data, node in
            guard let data, let n = node?.pointee else { return READOSM_OK }
            let c = Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue()
            let position = Coordinate(n.longitude, n.latitude)
            c.contents.nodes.append(n.id, position)
            if n.tag_count > 0 {
                let tags = Collector.tags(n.tag_count, n.tags)
                if c.wanted(tags) { c.contents.taggedNodes.append(OSMElement(id: n.id, tags: tags, coordinate: position)) }
            }
            return READOSM_OK
        }, { data, way in
            guard let data, let w = way?.pointee, w.tag_count > 0 else { return READOSM_OK }
            let c = Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue()
            let tags = Collector.tags(w.tag_count, w.tags)
            guard c.wanted(tags) else { return READOSM_OK }
            let refs = w.node_refs.map { Array(UnsafeBufferPointer(start: $0, count: Int(w.node_ref_count))) } ?? []
            c.contents.ways.append(OSMElement(id: w.id, tags: tags, refs: refs.map { Int64($0) }))
            return READOSM_OK
        }, nil)
        guard rc == READOSM_OK else { throw ImportError("cannot read \(path): \(describe(rc))") }
        collector.contents.nodes.finish()
        return collector.contents
    }

    private static func describe(_ rc: Int32) -> String {
        switch rc {
        case READOSM_INVALID_SUFFIX: "the name must end in .osm or .pbf"
        case READOSM_FILE_NOT_FOUND: "no such file, or not readable"
        case READOSM_INSUFFICIENT_MEMORY: "out of memory"
        case READOSM_XML_ERROR: "XML syntax error"
        case READOSM_INVALID_PBF_HEADER: "not an OSM PBF file"
        case READOSM_UNZIP_ERROR: "a compressed PBF block cannot be inflated"
        default: "readosm error \(rc)"
        }
    }
}
