import GeoKit
import RiskModel
import Store

extension HazardIndex {
    /// Bucket side in degrees (about 2 km): a 2 km search looks at a handful of buckets.
    static let bucketDegrees = 0.02
    /// An item whose box spans more buckets than this (a long pipeline) is kept in `wide` and looked at by
    /// every search instead of filling hundreds of buckets.
    static let maxBuckets = 256
    /// Metres: a hazard reaching farther than the rings a site check searches (`SiteRules.countRingsM`, 5 km).
    static let farReach = 5_000.0

    /// The items in slots, found by (layer, id) and by bucket. A value: a search copies it out of the lock
    /// (a reference count), so searches never hold the lock while they run.
    struct State {
        var items: [HazardItem?] = []
        /// Each slot's box, beside `items`: a search tests boxes in one flat array and reads an item only when
        /// its box meets the search's.
        var boxes: [BBox] = []
        /// Each slot's layer and level, also beside `items`: a search filters on them without reading the item.
        var infos: [SlotInfo] = []
        var free: [Int] = []
        var slots: [Key: Int] = [:]
        /// Each bucket's items with their boxes and what searches filter on, so a search reads a bucket in one
        /// sequential pass instead of jumping to each item's box.
        var buckets: [Int64: [Entry]] = [:]
        var wide: Set<Int32> = []
        /// The emergency resources' slots: a few hundred, searched alone for the nearest fire station or shelter
        /// instead of every item within kilometres.
        var resources: Set<Int32> = []
        /// The pipelines' slots, for the high-consequence areas of all of them without a pass over every item.
        var pipelines: Set<Int32> = []
        /// The slots of hazards whose own safety distance or impact radius exceeds `farReach`: a site check looks
        /// at them wherever they lie, beyond the rings it searches.
        var farReaching: Set<Int32> = []
        /// Each gas pipeline's high-consequence stretches as last computed (`pipelineHCAs`), dropped by the writes
        /// that can change them (`invalidateHCAs`); `version` counts the writes followed, so a computation from an
        /// older copy of the state is not stored.
        var hca: [Int64: HCAEntry] = [:]
        var hcaGrades: HCAGrades?
        /// The risk model the items were read under.
        var config = RiskModelConfig.standard
        var version = 0

        /// What searches filter on, per slot.
        struct SlotInfo {
            let layer: HazardLayer
            let level: RiskLevel?
            /// On the map at every instant (counted, no time window); otherwise the item's `isActive(at:)` decides.
            let always: Bool
        }

        struct Entry {
            let box: BBox
            let slot: Int32
            let info: SlotInfo
        }

        struct Key: Hashable {
            let layer: HazardLayer
            let id: Int64
        }

        static func cells(_ b: BBox) -> (x0: Int, y0: Int, x1: Int, y1: Int) {
            (Int((b.minX / bucketDegrees).rounded(.down)), Int((b.minY / bucketDegrees).rounded(.down)),
             Int((b.maxX / bucketDegrees).rounded(.down)), Int((b.maxY / bucketDegrees).rounded(.down)))
        }

        @inline(__always) static func bucket(_ x: Int, _ y: Int) -> Int64 { Int64(x) << 32 | Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: y))) }

        static func isWide(_ c: (x0: Int, y0: Int, x1: Int, y1: Int)) -> Bool {
            (c.x1 - c.x0 + 1) * (c.y1 - c.y0 + 1) > maxBuckets
        }

        mutating func insert(_ item: HazardItem) {
            remove(item.layer, item.id)
            let slot = free.popLast() ?? items.count
            let info = SlotInfo(layer: item.layer, level: item.level, always: item.counted && item.validFrom == nil && item.validTo == nil)
            if slot == items.count {
                items.append(item)
                boxes.append(item.shape.bbox)
                infos.append(info)
            } else {
                items[slot] = item
                boxes[slot] = item.shape.bbox
                infos[slot] = info
            }
            slots[Key(layer: item.layer, id: item.id)] = slot
            if item.layer == .resources { resources.insert(Int32(slot)) }
            if item.layer == .pipelines { pipelines.insert(Int32(slot)) }
            if max(item.impactRadius ?? 0, item.safetyDistance ?? 0) > farReach { farReaching.insert(Int32(slot)) }
            let c = Self.cells(item.shape.bbox)
            if Self.isWide(c) { wide.insert(Int32(slot)); return }
            let entry = Entry(box: item.shape.bbox, slot: Int32(slot), info: info)
            for x in c.x0...c.x1 { for y in c.y0...c.y1 { buckets[Self.bucket(x, y), default: []].append(entry) } }
        }

        mutating func remove(_ layer: HazardLayer, _ id: Int64) {
            guard let slot = slots.removeValue(forKey: Key(layer: layer, id: id)), let item = items[slot] else { return }
            items[slot] = nil
            free.append(slot)
            resources.remove(Int32(slot))
            pipelines.remove(Int32(slot))
            farReaching.remove(Int32(slot))
            let c = Self.cells(item.shape.bbox)
            if Self.isWide(c) { wide.remove(Int32(slot)); return }
            for x in c.x0...c.x1 {
                for y in c.y0...c.y1 {
                    let k = Self.bucket(x, y)
                    buckets[k]?.removeAll { $0.slot == Int32(slot) }
                    if buckets[k]?.isEmpty == true { buckets[k] = nil }
                }
            }
        }

        /// Calls `body` once with every item whose box meets `box`.
        func forEach(meeting box: BBox, _ body: (HazardItem) -> Void) {
            forEachSlot(meeting: box) { slot, _, _ in if let item = items[slot] { body(item) } }
        }

        /// Calls `body` once with the slot, box and filter data of every item whose box meets `box`, reading only
        /// the buckets: a caller that can rule an item out by them never touches the item.
        func forEachSlot(meeting box: BBox, _ body: (Int, BBox, SlotInfo) -> Void) {
            let q = Self.cells(box)
            func meets(_ b: BBox) -> Bool { b.minX <= box.maxX && b.maxX >= box.minX && b.minY <= box.maxY && b.maxY >= box.minY }
            // A box wider than the occupied buckets (the whole city, the world): every item once, by its box.
            if Double(q.x1 - q.x0 + 1) * Double(q.y1 - q.y0 + 1) > Double(buckets.count) {
                for (slot, item) in items.enumerated() where item != nil && meets(boxes[slot]) { body(slot, boxes[slot], infos[slot]) }
                return
            }
            for x in q.x0...q.x1 {
                for y in q.y0...q.y1 {
                    guard let entries = buckets[Self.bucket(x, y)] else { continue }
                    entries.withUnsafeBufferPointer { entries in
                        for e in entries {
                            let b = e.box
                            guard meets(b) else { continue }
                            // A point lies in one bucket; a larger item is reported once, in the first bucket of
                            // the search that its box covers.
                            if b.minX != b.maxX || b.minY != b.maxY {
                                let c = Self.cells(b)
                                guard x == max(c.x0, q.x0), y == max(c.y0, q.y0) else { continue }
                            }
                            body(Int(e.slot), b, e.info)
                        }
                    }
                }
            }
            for s in wide where items[Int(s)] != nil && meets(boxes[Int(s)]) { body(Int(s), boxes[Int(s)], infos[Int(s)]) }
        }

        var count: Int { slots.count }

        /// Reads `layer`'s features of `ids` again: those found replace the held ones, the rest of `ids`
        /// (deleted) are removed.
        mutating func reload(_ layer: HazardLayer, _ ids: IDSelection, _ db: Connection, config: RiskModelConfig) throws {
            var found: [HazardItem] = []
            try db.scan(layer.schema, fields: layer.fields, ids: ids) { row in
                let g = try row.withGeometry { try SpatiaLiteBlob.decode($0).geometry }
                found.append(HazardItem(layer, row: row, geometry: g, config: config))
            }
            switch ids {
            case .all: break
            case .one(let id): remove(layer, id)
            case .range(let r): for key in slots.keys where key.layer == layer && r.contains(key.id) { remove(layer, key.id) }
            }
            for item in found { insert(item) }
        }
    }
}
