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
/// refer to them by range: adding a feature allocates nothing once the buffers have grown.
public struct TileBuilder {
    public let extent: Int
    private var layers: [PendingLayer] = []
    private var layerIndex: [String: Int] = [:]
    private var added = 0
    private var encoder = GeometryEncoder()

    public init(extent: Int = 4096) {
        precondition(extent > 0, "a tile extent must be positive")
        self.extent = extent
    }

    /// Declares a layer, so that it is reported even when no feature reaches it. `add` declares layers too.
    public mutating func addLayer(_ name: String) {
        _ = slot(name)
    }

    /// Adds a feature to a layer. Returns false, and counts the feature as degenerate, when nothing of its
    /// geometry is drawable on the tile grid (a line collapsing to a point, a ring of zero area).
    @discardableResult
    public mutating func add(_ feature: TileFeature, to layer: String) -> Bool {
        let l = slot(layer)
        let commandsStart = layers[l].commands.count
        guard encoder.encode(feature.geometry, into: &layers[l].commands) else {
            layers[l].report.degenerate += 1
            return false
        }
        let commands = commandsStart..<layers[l].commands.count
        let propertiesStart = layers[l].properties.count
        for (key, value) in feature.properties
        where !layers[l].properties[propertiesStart...].contains(where: { $0.key == key }) {
            layers[l].properties.append((key, TagValue(value)))
        }
        layers[l].features.append(PendingFeature(
            id: feature.id, type: feature.geometry.kind.rawValue,
            commands: commands, commandsLength: ProtobufWriter.packedLength(layers[l].commands[commands]),
            properties: propertiesStart..<layers[l].properties.count,
            priority: feature.priority, sequence: added))
        added += 1
        return true
    }

    public func build(budget: TileBudget = .unlimited) -> EncodedTile {
        var tables = layers.map { LayerTables(name: $0.name, extent: extent, properties: $0.properties.count) }
        var kept = layers.map { [KeptFeature?](repeating: nil, count: $0.features.count) }
        var reports = layers.map(\.report)
        var order: [AdmissionOrder] = []
        order.reserveCapacity(added)
        for (l, layer) in layers.enumerated() {
            for (f, feature) in layer.features.enumerated() {
                order.append(AdmissionOrder(priority: feature.priority, sequence: feature.sequence, layer: l, feature: f))
            }
        }
        order.sort { $0.priority != $1.priority ? $0.priority > $1.priority : $0.sequence < $1.sequence }

        var tileSize = 0
        var keptCount = 0
        var cutoff = Int.min
        for o in order {
            let l = o.layer
            if o.priority >= cutoff && keptCount < budget.maxFeatures {
                let before = reports[l].kept == 0 ? 0 : ProtobufWriter.fieldSize(length: tables[l].bodySize)
                let feature = layers[l].features[o.feature]
                let admitted = tables[l].admit(feature, properties: layers[l].properties[feature.properties]) { bodySize in
                    tileSize - before + ProtobufWriter.fieldSize(length: bodySize) <= budget.maxBytes
                }
                if let admitted {
                    kept[l][o.feature] = admitted
                    tileSize += ProtobufWriter.fieldSize(length: tables[l].bodySize) - before
                    keptCount += 1
                    reports[l].kept += 1
                    continue
                }
            }
            // Failing at priority p shuts out everything below p; never lower the bar once raised.
            cutoff = max(cutoff, o.priority)
            reports[l].droppedByPriority[o.priority, default: 0] += 1
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
            for key in tables[l].keys { w.string(3, key) }
            for value in tables[l].values {
                w.lengthDelimited(4, length: value.messageSize)
                value.write(to: &w)
            }
            w.key(5, .varint)
            w.varint(UInt64(extent))
            w.key(15, .varint)
            w.varint(2)
        }
        assert(w.bytes.count == tileSize, "tile size computed as \(tileSize), written \(w.bytes.count)")
        return EncodedTile(bytes: w.bytes, layers: reports)
    }

    private mutating func slot(_ name: String) -> Int {
        if let l = layerIndex[name] { return l }
        layers.append(PendingLayer(name: name, report: LayerReport(name: name)))
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
    /// The attributes of every feature, back to back.
    var properties: [(key: String, value: TagValue)] = []

    init(name: String, report: LayerReport) {
        self.name = name
        self.report = report
    }
}

/// A feature whose geometry is already encoded; its tags wait for the layer tables built during admission.
struct PendingFeature {
    let id: UInt64?
    let type: UInt8
    let commands: Range<Int>
    /// Bytes of the packed commands.
    let commandsLength: Int
    let properties: Range<Int>
    let priority: Int
    let sequence: Int
}

struct AdmissionOrder {
    let priority: Int
    let sequence: Int
    let layer: Int
    let feature: Int
}

struct KeptFeature {
    /// Where the feature's tags are in its layer's `LayerTables.tags`.
    let tags: Range<Int>
    let tagsLength: Int
    /// Bytes of the Feature message body.
    let size: Int
}
