import GeoKit

/// Collects features by layer and encodes one MVT 2.1 tile, keeping it within a budget.
///
/// The budget is met exactly, not estimated: features are admitted from the highest priority down (ties in
/// the order they were added), each admission adding the precise bytes of the feature and of any keys and
/// values it brings into its layer's tables. Once a feature does not fit, every feature of lower priority is
/// dropped, so a higher-priority feature is never missing while a lower one is drawn; features of the same
/// priority may still fill the space left. The kept features are then written in the order they were added
/// into one buffer of the computed size.
///
/// Per layer, geometry commands and attributes of all features live in one flat buffer each, and features
/// refer to them by range: adding a feature allocates nothing once the buffers have grown. Attributes are
/// (key id, value id) pairs into the layer's dictionary: one the layer brings (`addLayer(_:keys:values:)`,
/// values encoded once for many tiles) or one the builder fills from `TileFeature`s.
public struct TileBuilder {
    public let extent: Int
    private var layers: [PendingLayer] = []
    private var layerIndex: [String: Int] = [:]
    /// Every feature in the order added.
    private var sequence: [FeatureRef] = []
    private var encoder = GeometryEncoder()

    public init(extent: Int = 4096) {
        precondition(extent > 0, "a tile extent must be positive")
        self.extent = extent
    }

    /// A layer declared with its own dictionary; features are added to it by `add(id:geometry:tags:priority:to:)`.
    public struct Layer {
        let index: Int
    }

    /// Declares a layer, so that it is reported even when no feature reaches it. `add` declares layers too.
    public mutating func addLayer(_ name: String) {
        _ = slot(name)
    }

    /// Declares a layer whose features name their attributes by id: `keys` are the layer's attribute names and
    /// `values` its distinct values (typically kept with the layer's features between tiles), and each feature
    /// brings (key index, value id) pairs. Nothing is hashed per feature; the tile still holds only the keys and
    /// values its features use, each once.
    public mutating func addLayer(_ name: String, keys: [String], values: ValueTable) -> Layer {
        precondition(layerIndex[name] == nil, "layer \(name) declared twice")
        layers.append(PendingLayer(name: name, keys: keys, sharedValues: values))
        layerIndex[name] = layers.count - 1
        return Layer(index: layers.count - 1)
    }

    /// Adds a feature to a layer. Returns false, and counts the feature as degenerate, when nothing of its
    /// geometry is drawable on the tile grid (a line collapsing to a point, a ring of zero area).
    @discardableResult
    public mutating func add(_ feature: TileFeature, to layer: String) -> Bool {
        let l = slot(layer)
        precondition(layers[l].sharedValues == nil, "layer \(layer) takes features by id")
        let commandsStart = layers[l].commands.count
        guard encoder.encode(feature.geometry, into: &layers[l].commands) else {
            layers[l].report.degenerate += 1
            return false
        }
        let tagsStart = layers[l].tags.count
        for (key, value) in feature.properties {
            let k = layers[l].keyID(key)
            if stride(from: tagsStart, to: layers[l].tags.count, by: 2).contains(where: { layers[l].tags[$0] == k }) { continue }
            layers[l].tags.append(k)
            layers[l].tags.append(layers[l].interner.id(of: value))
        }
        append(l, id: feature.id, type: feature.geometry.kind, commands: commandsStart, tags: tagsStart, priority: feature.priority)
        return true
    }

    /// Adds a feature to a layer declared with `addLayer(_:keys:values:)`; `tags` are its (key index, value id)
    /// pairs, each key at most once. Returns false, counting it as degenerate, as `add(_:to:)` does.
    @discardableResult
    public mutating func add(id: UInt64?, geometry: TileGeometry, tags: ArraySlice<UInt32>, priority: Int, to layer: Layer) -> Bool {
        let l = layer.index
        let commandsStart = layers[l].commands.count
        guard encoder.encode(geometry, into: &layers[l].commands) else {
            layers[l].report.degenerate += 1
            return false
        }
        let tagsStart = layers[l].tags.count
        layers[l].tags.append(contentsOf: tags)
        append(l, id: id, type: geometry.kind, commands: commandsStart, tags: tagsStart, priority: priority)
        return true
    }

    /// `add(id:geometry:tags:priority:to:)` for a single point at `position` (tile units, not yet rounded),
    /// without a `TileGeometry`: most features are points.
    @discardableResult
    public mutating func addPoint(id: UInt64?, at position: Coordinate, tags: ArraySlice<UInt32>, priority: Int, to layer: Layer) -> Bool {
        let l = layer.index
        let commandsStart = layers[l].commands.count
        guard GeometryEncoder.encodePoint(position, into: &layers[l].commands) else {
            layers[l].report.degenerate += 1
            return false
        }
        let tagsStart = layers[l].tags.count
        layers[l].tags.append(contentsOf: tags)
        append(l, id: id, type: .point, commands: commandsStart, tags: tagsStart, priority: priority)
        return true
    }

    private mutating func append(_ l: Int, id: UInt64?, type: TileGeometry.Kind, commands start: Int, tags: Int, priority: Int) {
        let commands = start..<layers[l].commands.count
        layers[l].features.append(PendingFeature(
            id: id, type: type.rawValue,
            commands: commands, commandsLength: ProtobufWriter.packedLength(layers[l].commands[commands]),
            tags: tags..<layers[l].tags.count, priority: priority))
        sequence.append(FeatureRef(layer: Int32(l), feature: Int32(layers[l].features.count - 1)))
    }

    public func build(budget: TileBudget = .unlimited) -> EncodedTile {
        var tables = layers.map {
            LayerTables(name: $0.name, extent: extent, keys: $0.keys, values: $0.values, tagCount: $0.tags.count / 2)
        }
        var kept = layers.map { [KeptFeature?](repeating: nil, count: $0.features.count) }
        var reports = layers.map(\.report)

        var tileSize = 0
        var keptCount = 0
        var cutoff = Int.min
        for o in admissionOrder() {
            let l = Int(o.layer), f = Int(o.feature)
            let feature = layers[l].features[f]
            if feature.priority >= cutoff && keptCount < budget.maxFeatures {
                let before = reports[l].kept == 0 ? 0 : ProtobufWriter.fieldSize(length: tables[l].bodySize)
                let admitted = tables[l].admit(feature, pairs: layers[l].tags[feature.tags]) { bodySize in
                    tileSize - before + ProtobufWriter.fieldSize(length: bodySize) <= budget.maxBytes
                }
                if let admitted {
                    kept[l][f] = admitted
                    tileSize += ProtobufWriter.fieldSize(length: tables[l].bodySize) - before
                    keptCount += 1
                    reports[l].kept += 1
                    continue
                }
            }
            // Failing at priority p shuts out everything below p; never lower the bar once raised.
            cutoff = max(cutoff, feature.priority)
            reports[l].droppedByPriority[feature.priority, default: 0] += 1
        }

        var w = ProtobufWriter(capacity: tileSize)
        for (l, layer) in layers.enumerated() where reports[l].kept > 0 {
            w.lengthDelimited(3, length: tables[l].bodySize)
            w.string(1, layer.name)
            for (f, feature) in layer.features.enumerated() {
                guard let k = kept[l][f] else { continue }
                w.lengthDelimited(2, length: k.size)
                if let id = feature.id {
                    w.key(1, .varint)
                    w.varint(id)
                }
                if !k.tags.isEmpty { w.packed(2, tables[l].tags[k.tags], length: k.tagsLength) }
                w.key(3, .varint)
                w.varint(UInt64(feature.type))
                w.packed(4, layer.commands[feature.commands], length: feature.commandsLength)
            }
            for key in tables[l].tileKeys { w.string(3, layer.keys[Int(key)]) }
            let values = tables[l].values
            for value in tables[l].tileValues {
                let message = values.message(value)
                w.lengthDelimited(4, length: message.count)
                w.raw(message)
            }
            w.key(5, .varint)
            w.varint(UInt64(extent))
            w.key(15, .varint)
            w.varint(2)
        }
        assert(w.bytes.count == tileSize, "tile size computed as \(tileSize), written \(w.bytes.count)")
        return EncodedTile(bytes: w.bytes, layers: reports)
    }

    /// Every feature, highest priority first and in the order added within a priority: a counting sort, as
    /// priorities are a handful of small numbers, falling back to a sort when they are not.
    private func admissionOrder() -> [FeatureRef] {
        let priority = { (e: FeatureRef) in self.layers[Int(e.layer)].features[Int(e.feature)].priority }
        guard let low = sequence.lazy.map(priority).min(), let high = sequence.lazy.map(priority).max() else { return [] }
        let spread = high.subtractingReportingOverflow(low)
        guard !spread.overflow, spread.partialValue < 256 else {
            // Swift's sort is not stable: ties are broken by the order added.
            return sequence.indices.sorted { a, b in
                let pa = priority(sequence[a]), pb = priority(sequence[b])
                return pa != pb ? pa > pb : a < b
            }.map { sequence[$0] }
        }
        var starts = [Int](repeating: 0, count: high - low + 2)
        for e in sequence { starts[high - priority(e) + 1] += 1 }
        for i in 1..<starts.count { starts[i] += starts[i - 1] }
        var order = sequence
        for e in sequence {
            let bucket = high - priority(e)
            order[starts[bucket]] = e
            starts[bucket] += 1
        }
        return order
    }

    private mutating func slot(_ name: String) -> Int {
        if let l = layerIndex[name] { return l }
        layers.append(PendingLayer(name: name, keys: [], sharedValues: nil))
        layerIndex[name] = layers.count - 1
        return layers.count - 1
    }
}

struct PendingLayer {
    let name: String
    var report: LayerReport
    var features: [PendingFeature] = []
    /// The geometry commands of every feature, back to back.
    var commands: [UInt32] = []
    /// The (key id, value id) pairs of every feature, back to back.
    var tags: [UInt32] = []
    /// The layer's attribute names; features refer to them by index.
    private(set) var keys: [String]
    private var keyIndex: [String: UInt32] = [:]
    /// The values of a layer declared with its own dictionary; nil for one whose features bring their values.
    let sharedValues: ValueTable?
    /// Where features brought as `TileFeature` have their values interned.
    var interner = ValueInterner()

    init(name: String, keys: [String], sharedValues: ValueTable?) {
        self.name = name
        self.keys = keys
        self.sharedValues = sharedValues
        report = LayerReport(name: name)
    }

    var values: ValueTable { sharedValues ?? interner.table }

    /// The id of a key of a feature brought as `TileFeature`; features of a layer mostly list the same keys in
    /// the same order, so the key after the last one is tried before hashing.
    mutating func keyID(_ key: String) -> UInt32 {
        if tags.count >= 2 {
            let next = Int(tags[tags.count - 2]) + 1
            if next < keys.count, UTF8Key(keys[next]) == UTF8Key(key) { return UInt32(next) }
        }
        if let k = keyIndex[key] { return k }
        keys.append(key)
        keyIndex[key] = UInt32(keys.count - 1)
        return UInt32(keys.count - 1)
    }
}

/// A feature whose geometry is already encoded; its tags wait for the layer tables built during admission.
struct PendingFeature {
    let id: UInt64?
    let type: UInt8
    let commands: Range<Int>
    /// Bytes of the packed commands.
    let commandsLength: Int
    /// Where its (key id, value id) pairs are in its layer's `tags`.
    let tags: Range<Int>
    let priority: Int
}

struct FeatureRef {
    let layer: Int32
    let feature: Int32
}

struct KeptFeature {
    /// Where the feature's tags are in its layer's `LayerTables.tags`.
    let tags: Range<Int>
    let tagsLength: Int
    /// Bytes of the Feature message body.
    let size: Int
}
