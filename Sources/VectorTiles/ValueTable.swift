/// Attribute values encoded once as vector-tile Value messages, each under a stable id, so that drawing a tile
/// copies bytes instead of encoding and hashing every value of every feature.
///
/// Append-only, and kept in chunks of 4,096 values: a copy held by a tile being drawn costs a writer that
/// appends meanwhile one chunk, not the whole table.
public struct ValueTable: Sendable {
    static let chunkBits = 12

    struct Chunk: Sendable {
        var bytes: [UInt8] = []
        /// Where each message ends in `bytes`.
        var ends: [UInt32] = []
    }

    private var chunks: [Chunk] = []
    public private(set) var count = 0

    public init() {}

    mutating func append(_ value: TagValue) -> UInt32 {
        if count & ((1 << Self.chunkBits) - 1) == 0 { chunks.append(Chunk()) }
        var w = ProtobufWriter(capacity: value.messageSize)
        value.write(to: &w)
        let last = chunks.count - 1
        chunks[last].bytes.append(contentsOf: w.bytes)
        chunks[last].ends.append(UInt32(chunks[last].bytes.count))
        count += 1
        return UInt32(count - 1)
    }

    /// The Value message body of value `id`.
    func message(_ id: UInt32) -> ArraySlice<UInt8> {
        let chunk = Int(id) >> Self.chunkBits, i = Int(id) & ((1 << Self.chunkBits) - 1)
        return chunks[chunk].bytes[(i == 0 ? 0 : Int(chunks[chunk].ends[i - 1]))..<Int(chunks[chunk].ends[i])]
    }

    func messageSize(_ id: UInt32) -> Int {
        let chunk = Int(id) >> Self.chunkBits, i = Int(id) & ((1 << Self.chunkBits) - 1)
        return Int(chunks[chunk].ends[i]) - (i == 0 ? 0 : Int(chunks[chunk].ends[i - 1]))
    }
}

/// Gives each distinct attribute value one id in a `ValueTable` (equal values, equal ids), for a tile being
/// built or for a layer kept in memory between tiles.
public struct ValueInterner: Sendable {
    public private(set) var table = ValueTable()
    private var index: [TagValue: UInt32] = [:]

    public init() {}

    public mutating func id(of value: PropertyValue) -> UInt32 {
        let v = TagValue(value)
        if let id = index[v] { return id }
        let id = table.append(v)
        index[v] = id
        return id
    }
}

/// A map from one id space to another (a table's value ids to a tile's value indexes) by open addressing:
/// a multiply and a compare per probe, sized once for the most ids a tile can bring.
struct IDMap {
    private static let empty = UInt32.max
    private var keys: [UInt32]
    private var values: [UInt32]
    private let shift: UInt32
    private let mask: Int

    /// Room for `capacity` ids at a load of at most one half.
    init(capacity: Int) {
        var bits = 4
        while (1 << bits) < capacity * 2 { bits += 1 }
        keys = [UInt32](repeating: Self.empty, count: 1 << bits)
        values = [UInt32](repeating: 0, count: 1 << bits)
        shift = UInt32(32 - bits)
        mask = (1 << bits) - 1
    }

    func get(_ key: UInt32) -> UInt32? {
        var i = Int((key &* 2_654_435_769) >> shift)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == Self.empty { return nil }
            i = (i + 1) & mask
        }
    }

    /// `key` must not be in the map yet.
    mutating func insert(_ key: UInt32, _ value: UInt32) {
        var i = Int((key &* 2_654_435_769) >> shift)
        while keys[i] != Self.empty { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
    }
}
