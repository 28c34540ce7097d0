import GeoKit
import JSONText
import MemoryFile
import Synchronization

/// Encoded tiles in memory, least recently used evicted first, bounded in bytes. A write invalidates every
/// cached tile whose area (with the buffer) meets the changed feature's old or new box, at every zoom, before
/// the write is acknowledged; a tile drawn from a snapshot older than an invalidation is not cached.
public final class TileCache: Sendable {
    /// A tile as served: its bytes, their gzip form when worth it, and the ETag the server gave them (the cache
    /// holds the tag and never reads it: tags are HTTP's). A class: every hit hands one out, and a copy is then
    /// one retain instead of one per array it holds.
    public final class Entry: Sendable {
        public let bytes: [UInt8]
        public let gzip: [UInt8]?
        public let etag: String
        /// The tile's lon/lat box grown by the buffer: what a change must meet to make it stale.
        public let area: BBox
        /// A copy of `bytes` in the cache's memory file, for large tiles: the server hands its pages to the
        /// socket (sendfile) instead of copying the bytes in. Counted in the cache's size.
        public let file: FileBytes?
        /// The heads last sent with the tile's bytes and with its gzip form (`KeptHead`).
        public let heads = (identity: KeptHead(), gzip: KeptHead())

        public init(bytes: [UInt8], gzip: [UInt8]?, etag: String, area: BBox, file: FileBytes? = nil) {
            self.bytes = bytes
            self.gzip = gzip
            self.etag = etag
            self.area = area
            self.file = file
        }

        /// Bytes held: the tile, its gzip form and its file copy.
        var size: Int { bytes.count + (gzip?.count ?? 0) + (file?.count ?? 0) }
    }

    private struct Slot {
        var key: String
        var entry: Entry
        var prev: Int
        var next: Int
    }

    private struct State {
        var slots: [Slot] = []
        var free: [Int] = []
        var index: [String: Int] = [:]
        var head = -1  // most recently used
        var tail = -1  // least recently used
        var bytes = 0
        var hits = 0
        var misses = 0
    }

    let capacityBytes: Int
    private let state = Mutex(State())
    private let epoch = Atomic<UInt64>(0)

    /// Where large tiles are copied for sendfile: opened with the first one (a descriptor, which a server at its
    /// descriptor limit may not have: tiles are then sent from memory).
    private let file = Mutex<MemoryFile?>(nil)

    /// Tiles from this size on are also kept in the memory file: below it, a copy into the socket costs less
    /// than the second call (head, then sendfile) and the page the copy would fill.
    public static let fileFromBytes = 16 * 1024

    public init(capacityBytes: Int) {
        self.capacityBytes = capacityBytes
    }

    /// A copy of `bytes` in the memory file, opening it first if needed; nil when there is none.
    private func fileCopy(_ bytes: [UInt8]) -> FileBytes? {
        let file = file.withLock { f in
            if f == nil { f = MemoryFile(name: "riskmap-tiles") }
            return f
        }
        return file?.store(bytes)
    }

    /// The key of tile `id` drawn from `layers` at an instant: `period` is their sources' stretch of time holding
    /// it (`TileSources.period(of:at:)`, `builtPeriod`), `gridPeriod` the grid's stretch of time holding `at` (`TileSources.gridPeriod(at:building:)`), when the grid is drawn.
    /// Keyed by what is drawn, not by the text asked: the canonical layer list and the parsed tile, so no
    /// spelling of one tile (`risks,risks`, `04/13/6`) is a miss of its own. Tiles change with the clock
    /// (time-windowed risks, sites and reports show only inside their windows, in the grid and as features),
    /// but only when the instant (now, or ?at=) crosses the start or end of a window: such tiles are keyed
    /// by that stretch of time, so that a report drops out when its window ends,
    /// with no write, and every instant of a stretch shares one entry.
    public static func key(_ layers: [TileLayer], _ id: TileID, period: Int64?, gridPeriod: String?) -> String {
        // Written in one pass into the string's own storage: built by appending, the key was a third of a cached
        // tile's route on the I/O thread.
        let windowed = layers.contains { $0.windowed }
        let number = JSONNumber.maxBytes + 1
        var capacity = layers.count + 3 * number + (gridPeriod.map { $0.utf8.count + 1 } ?? 0) + (windowed ? number : 0)
        for layer in layers { capacity += layer.name.utf8.count }
        return String(unsafeUninitializedCapacity: capacity) { out in
            var n = 0
            func put(_ b: UInt8) { out[n] = b; n += 1 }
            func put(_ s: String) { for b in s.utf8 { put(b) } }
            func put(_ v: Int64) { n += JSONNumber.write(v, into: out.baseAddress! + n) }
            for (i, layer) in layers.enumerated() {
                if i > 0 { put(UInt8(ascii: ",")) }
                put(layer.name)
            }
            put(UInt8(ascii: "/"))
            put(Int64(id.z))
            put(UInt8(ascii: "/"))
            put(Int64(id.x))
            put(UInt8(ascii: "/"))
            put(Int64(id.y))
            if let gridPeriod {
                put(UInt8(ascii: "@"))
                put(gridPeriod)
            }
            if windowed {
                put(UInt8(ascii: "@"))
                if let period { put(period) }
            }
            return n
        }
    }

    /// Hits answered without a look-up: a server giving a cached tile's answer again (`countGivenAgain`).
    private let givenAgain = Atomic<Int>(0)

    /// Counts a hit answered from an answer already made for the tile (the server's `AnswerMemo`), which does
    /// not look the tile up or move it up the LRU list.
    public func countGivenAgain() {
        givenAgain.add(1, ordering: .relaxed)
    }

    /// Read before drawing a tile; `insert` caches the tile only if nothing was invalidated since.
    public var currentEpoch: UInt64 { epoch.load(ordering: .acquiring) }

    /// The tile cached under `key`; a miss is counted unless `countingMiss` is false (a look that will be
    /// repeated by the worker drawing the tile).
    public func get(_ key: String, countingMiss: Bool = true) -> Entry? {
        state.withLock { s in
            guard let i = s.index[key] else {
                if countingMiss { s.misses += 1 }
                return nil
            }
            s.hits += 1
            Self.moveToFront(&s, i)
            return s.slots[i].entry
        }
    }

    /// Counts a miss found by a `get` that did not count it.
    public func countMiss() {
        state.withLock { $0.misses += 1 }
    }

    public func insert(_ key: String, _ entry: Entry, epochAtStart: UInt64) {
        // Checked with the file copy a large tile would get, before making it.
        let copies = entry.file == nil && entry.bytes.count >= Self.fileFromBytes
        guard entry.size + (copies ? entry.bytes.count : 0) + key.utf8.count + 64 <= capacityBytes / 4 else { return }
        var entry = entry
        if copies, let copy = fileCopy(entry.bytes) {
            entry = Entry(bytes: entry.bytes, gzip: entry.gzip, etag: entry.etag, area: entry.area, file: copy)
        }
        let size = entry.size + key.utf8.count + 64
        state.withLock { s in
            guard epoch.load(ordering: .acquiring) == epochAtStart else { return }
            if let i = s.index[key] { Self.remove(&s, i) }
            while s.bytes + size > capacityBytes, s.tail >= 0 { Self.remove(&s, s.tail) }
            let slot = Slot(key: key, entry: entry, prev: -1, next: s.head)
            let i: Int
            if let f = s.free.popLast() {
                i = f
                s.slots[i] = slot
            } else {
                i = s.slots.count
                s.slots.append(slot)
            }
            if s.head >= 0 { s.slots[s.head].prev = i }
            s.head = i
            if s.tail < 0 { s.tail = i }
            s.index[key] = i
            s.bytes += size
        }
    }

    /// Adds the gzip form to the tile cached under `key` if it is still the tile tagged `etag` (gzip is made
    /// when a client first asks for it, not with every drawing).
    public func attach(gzip: [UInt8], to key: String, etag: String) {
        state.withLock { s in
            guard let i = s.index[key], s.slots[i].entry.etag == etag, s.slots[i].entry.gzip == nil,
                  s.bytes + gzip.count <= capacityBytes else { return }
            let e = s.slots[i].entry
            s.slots[i].entry = Entry(bytes: e.bytes, gzip: gzip, etag: e.etag, area: e.area, file: e.file)
            s.bytes += gzip.count
        }
    }

    /// Drops every tile whose area meets one of `boxes`; returns how many.
    @discardableResult
    func invalidate(_ boxes: [BBox]) -> Int {
        guard !boxes.isEmpty else { return 0 }
        epoch.add(1, ordering: .releasing)
        return state.withLock { s in
            var stale: [Int] = []
            for (key, i) in s.index where boxes.contains(where: { $0.intersects(s.slots[i].entry.area) }) {
                _ = key
                stale.append(i)
            }
            for i in stale { Self.remove(&s, i) }
            return stale.count
        }
    }

    public var stats: (entries: Int, bytes: Int, hits: Int, misses: Int) {
        let given = givenAgain.load(ordering: .relaxed)
        return state.withLock { ($0.index.count, $0.bytes, $0.hits + given, $0.misses) }
    }

    private static func moveToFront(_ s: inout State, _ i: Int) {
        guard s.head != i else { return }
        unlink(&s, i)
        s.slots[i].prev = -1
        s.slots[i].next = s.head
        if s.head >= 0 { s.slots[s.head].prev = i }
        s.head = i
        if s.tail < 0 { s.tail = i }
    }

    private static func unlink(_ s: inout State, _ i: Int) {
        let (p, n) = (s.slots[i].prev, s.slots[i].next)
        if p >= 0 { s.slots[p].next = n } else { s.head = n }
        if n >= 0 { s.slots[n].prev = p } else { s.tail = p }
    }

    private static func remove(_ s: inout State, _ i: Int) {
        unlink(&s, i)
        let slot = s.slots[i]
        s.index[slot.key] = nil
        s.bytes -= slot.entry.size + slot.key.utf8.count + 64
        s.slots[i].entry = Entry(bytes: [], gzip: nil, etag: "", area: .empty)
        s.free.append(i)
    }
}
