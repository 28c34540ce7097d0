/// One layer's key and value tables, the tags of its admitted features, and the exact size of its Layer
/// message body as features are admitted.
struct LayerTables {
    private(set) var keys: [String] = []
    private(set) var values: [TagValue] = []
    /// The tags of every admitted feature, back to back.
    private(set) var tags: [UInt32] = []
    private var keyIndex: [UTF8Key: UInt32] = [:]
    private var valueIndex: [TagValue: UInt32] = [:]
    /// Bytes of the Layer message body: name, extent and version, admitted features, keys and values.
    private(set) var bodySize: Int
    /// Keys and values a feature under admission would add; empty between admissions.
    private var newKeys: [String] = []
    private var newValues: [TagValue] = []

    /// `properties` bounds the distinct values (the attributes of every pending feature), so the value
    /// table never rehashes while the tile is built.
    init(name: String, extent: Int, properties: Int = 0) {
        valueIndex.reserveCapacity(properties)
        bodySize = ProtobufWriter.fieldSize(length: name.utf8.count)
            + 1 + ProtobufWriter.varintSize(extent)
            + 2
    }

    /// Admits `feature` if `fits` accepts the layer body size it would bring; nil, with the tables unchanged,
    /// when it does not.
    mutating func admit(_ feature: PendingFeature, properties: ArraySlice<(key: String, value: TagValue)>,
                        fits: (_ bodySize: Int) -> Bool) -> KeptFeature? {
        let tagsStart = tags.count
        var added = 0
        var hint = 0
        for (key, value) in properties {
            // Features of a layer mostly list the same keys in the same order, so the key after the last one
            // matched is tried before hashing. Keys are unique within a feature, so a key not in the table is
            // new exactly once.
            if hint < keys.count, UTF8Key(keys[hint]) == UTF8Key(key) {
                tags.append(UInt32(hint))
                hint += 1
            } else if let k = keyIndex[UTF8Key(key)] {
                tags.append(k)
                hint = Int(k) + 1
            } else {
                tags.append(UInt32(keys.count + newKeys.count))
                newKeys.append(key)
                added += ProtobufWriter.fieldSize(length: key.utf8.count)
            }
            // One hash per value: a value not in the table goes in at once, under the index it gets if the
            // feature is admitted, and comes out again if it is not (rare: only when the budget is reached).
            let count = valueIndex.count, next = UInt32(values.count + newValues.count)
            tags.append(Self.claim(&valueIndex[value, default: next]))
            if valueIndex.count > count {
                newValues.append(value)
                added += ProtobufWriter.fieldSize(length: value.messageSize)
            }
        }
        let tagsLength = ProtobufWriter.packedLength(tags[tagsStart...])
        var size = 2 + ProtobufWriter.fieldSize(length: feature.commandsLength)
        if let id = feature.id { size += 1 + ProtobufWriter.varintSize(id) }
        if tags.count > tagsStart { size += ProtobufWriter.fieldSize(length: tagsLength) }
        added += ProtobufWriter.fieldSize(length: size)

        defer {
            newKeys.removeAll(keepingCapacity: true)
            newValues.removeAll(keepingCapacity: true)
        }
        guard fits(bodySize + added) else {
            tags.removeSubrange(tagsStart...)
            for value in newValues { valueIndex[value] = nil }
            return nil
        }
        for key in newKeys {
            keyIndex[UTF8Key(key)] = UInt32(keys.count)
            keys.append(key)
        }
        values.append(contentsOf: newValues)
        bodySize += added
        return KeptFeature(tags: tagsStart..<tags.count, tagsLength: tagsLength, size: size)
    }

    /// The slot's value; passing `&dictionary[key, default: d]` here inserts `d` when the key is missing.
    private static func claim(_ slot: inout UInt32) -> UInt32 { slot }
}
