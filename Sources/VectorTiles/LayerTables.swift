/// One layer's key and value tables as the tile holds them, the tags of its admitted features, and the exact
/// size of its Layer message body as features are admitted.
///
/// Features arrive with tags as (key, value) pairs of ids into the layer's dictionary (`keys`, `values`); the
/// tile keeps only the keys and values its admitted features use, numbered in first-use order.
struct LayerTables {
    let keys: [String]
    let values: ValueTable
    /// The dictionary ids of the tile's keys and values, in tile order.
    private(set) var tileKeys: [UInt32] = []
    private(set) var tileValues: [UInt32] = []
    /// The tags of every admitted feature in tile indexes, back to back.
    private(set) var tags: [UInt32] = []
    private var keyIndex: [UInt32]
    private var valueIndex: IDMap
    /// Bytes of the Layer message body: name, extent and version, admitted features, keys and values.
    private(set) var bodySize: Int
    /// Values a feature under admission would add; empty between admissions.
    private var newValues: [UInt32] = []

    /// `tagCount` bounds the distinct values the tile can hold (the tags of every pending feature).
    init(name: String, extent: Int, keys: [String], values: ValueTable, tagCount: Int) {
        self.keys = keys
        self.values = values
        keyIndex = [UInt32](repeating: .max, count: keys.count)
        valueIndex = IDMap(capacity: min(tagCount, values.count))
        bodySize = ProtobufWriter.fieldSize(length: name.utf8.count)
            + 1 + ProtobufWriter.varintSize(extent)
            + 2
    }

    /// Admits `feature` if `fits` accepts the layer body size it would bring; nil, with the tables unchanged,
    /// when it does not. `pairs` are the feature's (key id, value id) pairs.
    mutating func admit(_ feature: PendingFeature, pairs: ArraySlice<UInt32>,
                        fits: (_ bodySize: Int) -> Bool) -> KeptFeature? {
        let tagsStart = tags.count
        var added = 0
        var newKeys = 0
        var i = pairs.startIndex
        while i < pairs.endIndex {
            let key = Int(pairs[i]), value = pairs[i + 1]
            i += 2
            if keyIndex[key] == .max {
                // Keys are few: taken into the table at once, and given back below if the feature is refused.
                keyIndex[key] = UInt32(tileKeys.count)
                tileKeys.append(UInt32(key))
                newKeys += 1
                added += ProtobufWriter.fieldSize(length: keys[key].utf8.count)
            }
            tags.append(keyIndex[key])
            if let v = valueIndex.get(value) {
                tags.append(v)
            } else if let pending = newValues.firstIndex(of: value) {
                tags.append(UInt32(tileValues.count + pending))
            } else {
                tags.append(UInt32(tileValues.count + newValues.count))
                newValues.append(value)
                added += ProtobufWriter.fieldSize(length: values.messageSize(value))
            }
        }
        let tagsLength = ProtobufWriter.packedLength(tags[tagsStart...])
        var size = 2 + ProtobufWriter.fieldSize(length: feature.commandsLength)
        if let id = feature.id { size += 1 + ProtobufWriter.varintSize(id) }
        if tags.count > tagsStart { size += ProtobufWriter.fieldSize(length: tagsLength) }
        added += ProtobufWriter.fieldSize(length: size)

        defer { newValues.removeAll(keepingCapacity: true) }
        guard fits(bodySize + added) else {
            tags.removeSubrange(tagsStart...)
            for _ in 0..<newKeys { keyIndex[Int(tileKeys.removeLast())] = .max }
            return nil
        }
        for value in newValues {
            valueIndex.insert(value, UInt32(tileValues.count))
            tileValues.append(value)
        }
        bodySize += added
        return KeptFeature(tags: tagsStart..<tags.count, tagsLength: tagsLength, size: size)
    }
}
