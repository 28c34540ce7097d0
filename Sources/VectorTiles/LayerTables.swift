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

    init(name: String, extent: Int) {
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
        for (key, value) in properties {
            // Keys are unique within a feature, so a key not in the table is new exactly once.
            if let k = keyIndex[UTF8Key(key)] {
                tags.append(k)
            } else {
                tags.append(UInt32(keys.count + newKeys.count))
                newKeys.append(key)
                added += ProtobufWriter.fieldSize(length: key.utf8.count)
            }
            if let v = valueIndex[value] {
                tags.append(v)
            } else if let j = newValues.firstIndex(of: value) {
                tags.append(UInt32(values.count + j))
            } else {
                tags.append(UInt32(values.count + newValues.count))
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
            return nil
        }
        for key in newKeys {
            keyIndex[UTF8Key(key)] = UInt32(keys.count)
            keys.append(key)
        }
        for value in newValues {
            valueIndex[value] = UInt32(values.count)
            values.append(value)
        }
        bodySize += added
        return KeptFeature(tags: tagsStart..<tags.count, tagsLength: tagsLength, size: size)
    }
}
