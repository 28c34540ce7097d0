/// One layer's key and value tables and the exact size of its Layer message body as features are admitted.
struct LayerTables {
    private(set) var keys: [String] = []
    private(set) var values: [TagValue] = []
    private var keyIndex: [String: UInt32] = [:]
    private var valueIndex: [TagValue: UInt32] = [:]
    /// Bytes of the Layer message body: name, extent and version, admitted features, keys and values.
    private(set) var bodySize: Int

    init(name: String, extent: Int) {
        bodySize = ProtobufWriter.fieldSize(length: name.utf8.count)
            + 1 + ProtobufWriter.varintSize(extent)
            + 2
    }

    struct Admission {
        let feature: KeptFeature
        let newKeys: [String]
        let newValues: [TagValue]
        /// Bytes the layer body grows by: the feature field and the new table entries.
        let addedBytes: Int
    }

    /// What admitting `feature` would cost, without changing the tables.
    func admission(of feature: PendingFeature) -> Admission {
        var tags: [UInt32] = []
        tags.reserveCapacity(2 * feature.properties.count)
        var newKeys: [String] = []
        var newValues: [TagValue] = []
        var added = 0
        for (key, value) in feature.properties {
            // Keys are unique within a feature, so a key not in the table is new exactly once.
            if let k = keyIndex[key] {
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
        let tagsLength = ProtobufWriter.packedLength(tags)
        var size = 2 + ProtobufWriter.fieldSize(length: feature.commandsLength)
        if let id = feature.id { size += 1 + ProtobufWriter.varintSize(id) }
        if !tags.isEmpty { size += ProtobufWriter.fieldSize(length: tagsLength) }
        added += ProtobufWriter.fieldSize(length: size)
        return Admission(feature: KeptFeature(tags: tags, tagsLength: tagsLength, size: size),
                         newKeys: newKeys, newValues: newValues, addedBytes: added)
    }

    mutating func commit(_ a: Admission) {
        for key in a.newKeys {
            keyIndex[key] = UInt32(keys.count)
            keys.append(key)
        }
        for value in a.newValues {
            valueIndex[value] = UInt32(values.count)
            values.append(value)
        }
        bodySize += a.addedBytes
    }
}
