/// libFuzzer entry for the MVT encoder (Sources/VectorTiles), through its public API only: the fuzz bytes are
/// read as a script of layers, features (geometries with huge, NaN and infinite coordinates, empty parts,
/// unclosed rings, optionally clipped and simplified by GeoKit), properties (every PropertyValue case, repeated
/// keys) and a budget (down to a few bytes). The tile is then decoded by the protobuf walker below, and every
/// structural rule it breaks is a fatalError, which libFuzzer reports as a crash. Built and run by
/// scripts/fuzz/fuzz.sh.
import GeoKit
import VectorTiles

/// Reads the fuzz input; past its end every read gives zero.
struct Script {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    var isEmpty: Bool { at >= bytes.count }

    mutating func u8() -> UInt8 {
        guard at < bytes.count else { return 0 }
        defer { at += 1 }
        return bytes[at]
    }
    mutating func u16() -> UInt16 { UInt16(u8()) | UInt16(u8()) << 8 }
    mutating func u64() -> UInt64 { (0..<8).reduce(0) { v, i in v | UInt64(u8()) << (8 * UInt64(i)) } }

    mutating func number() -> Double {
        switch u8() % 10 {
        case 0, 1, 2: Double(Int(u16()) - 4096) / 4      // on and around a 4096 tile, in quarter units
        case 3: Double(bitPattern: u64())
        case 4: .nan
        case 5: u8() & 1 == 0 ? .infinity : -.infinity
        case 6: u8() & 1 == 0 ? 1e300 : -1e300
        case 7: Double(Int32(bitPattern: UInt32(u16()) << 16 | UInt32(u16())))
        case 8: Double(u8()) * 0.001
        default: Double(u8())
        }
    }

    mutating func text() -> String {
        let pool = ["", "a", "level", "name", "\u{E9}", "e\u{301}", "风险", "\u{0}", String(repeating: "k", count: 200)]
        let n = u8()
        if n < 192 { return pool[Int(n) % pool.count] }
        let count = Int(u8() % 24)
        var raw: [UInt8] = []
        for _ in 0..<count { raw.append(u8()) }
        return String(decoding: raw, as: UTF8.self)
    }

    mutating func value() -> PropertyValue {
        switch u8() % 8 {
        case 0: .string(text())
        case 1: .double(number())
        case 2: .double(Double(bitPattern: u64()))
        case 3: .int(Int64(bitPattern: u64()))
        case 4: .int(Int64(Int8(bitPattern: u8())))
        case 5: .bool(u8() & 1 == 1)
        case 6: .double(Double(Int8(bitPattern: u8())))
        default: .string(String(u8()))
        }
    }

    mutating func budgetValue() -> Int {
        switch u8() % 5 {
        case 0: .max
        case 1: Int(u8())
        case 2: Int(u16())
        case 3: Int(bitPattern: UInt(u64()))
        default: Int(u16()) * 16
        }
    }
}

/// What the harness added, to check the builder's reports against.
struct Added {
    var drawable: [String: Int] = [:]
    var degenerate: [String: Int] = [:]
    var byPriority: [Int: Int] = [:]
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var s = Script(bytes: UnsafeBufferPointer(start: data, count: size))
    let extent = [4096, 256, 512, 1, 3, 8192, 1 << 20, Int(Int32.max)][Int(s.u8() % 8)]
    var builder = TileBuilder(extent: extent)
    var added = Added()
    var declared: [String] = []
    for _ in 0..<Int(s.u8() % 4) {
        let name = s.text()
        builder.addLayer(name)
        declared.append(name)
    }
    let budget = TileBudget(maxBytes: s.budgetValue(), maxFeatures: s.budgetValue())
    var features = 0
    while !s.isEmpty && features < 200 {
        features += 1
        let layer = s.u8() < 200 ? ["risks", "sites", "pipelines"][Int(s.u8() % 3)] : s.text()
        let kind = TileGeometry.Kind(rawValue: s.u8() % 3 + 1)!
        var geometry = TileGeometry(kind: kind)
        for _ in 0..<Int(s.u8() % 4) {
            let flags = s.u8()
            var part: [Coordinate] = []
            for _ in 0..<Int(flags & 0x0f) {
                if flags & 0x10 != 0, let last = part.last, s.u8() & 3 == 0 { part.append(last); continue }
                part.append(Coordinate(s.number(), s.number()))
            }
            if flags & 0x20 != 0, let first = part.first { part.append(first) }  // closed, or left open
            geometry.append(part: part, exterior: flags & 0x40 == 0)
        }
        let ops = s.u8()
        if ops & 1 != 0 {
            let b = Double(s.u8())
            let box = ops & 4 != 0 ? BBox(minX: s.number(), minY: s.number(), maxX: s.number(), maxY: s.number())
                : BBox(minX: -b, minY: -b, maxX: Double(extent) + b, maxY: Double(extent) + b)
            geometry = geometry.clipped(to: box)
        }
        if ops & 2 != 0 { geometry = geometry.simplified(tolerance: ops & 8 != 0 ? s.number() : Double(s.u8() % 16) / 4) }
        let id: UInt64? = ops & 16 != 0 ? s.u64() : nil
        var properties: [(key: String, value: PropertyValue)] = []
        for _ in 0..<Int(s.u8() % 6) { properties.append((s.text(), s.value())) }
        let p = s.u8()
        let priority = p == 255 ? Int.max : p == 254 ? Int.min : Int(p % 5)
        let feature = TileFeature(id: id, geometry: geometry, properties: properties, priority: priority)
        if builder.add(feature, to: layer) {
            added.drawable[layer, default: 0] += 1
            added.byPriority[priority, default: 0] += 1
        } else {
            added.degenerate[layer, default: 0] += 1
        }
        _ = declared
    }

    let tile = builder.build(budget: budget)
    let walked = walk(tile.bytes, extent: extent)
    check(tile, walked, budget: budget, added: added)

    // Without a budget every drawable feature is kept; with a byte budget of exactly that tile's size too, and
    // one byte less drops something (the budget is met exactly, not estimated).
    let full = builder.build()
    let fullWalk = walk(full.bytes, extent: extent)
    check(full, fullWalk, budget: .unlimited, added: added)
    let drawable = added.drawable.values.reduce(0, +)
    guard full.layers.map(\.kept).reduce(0, +) == drawable else { fail("unlimited budget kept \(full.layers.map(\.kept)) of \(drawable)") }
    if drawable > 0 {
        let exact = builder.build(budget: TileBudget(maxBytes: full.bytes.count))
        guard exact.bytes == full.bytes else { fail("budget of exactly the full size (\(full.bytes.count) bytes) gave \(exact.bytes.count)") }
        let less = builder.build(budget: TileBudget(maxBytes: full.bytes.count - 1))
        check(less, walk(less.bytes, extent: extent), budget: TileBudget(maxBytes: full.bytes.count - 1), added: added)
        guard less.layers.map(\.dropped).reduce(0, +) > 0 else { fail("a budget one byte under the full tile dropped nothing") }
    }
    return 0
}

func fail(_ message: String) -> Never { fatalError("MVT check failed: \(message)") }

/// What the walker found in one layer.
struct WalkedLayer {
    var name = ""
    var features = 0
}

/// Checks the builder's reports against the walked tile and what was added.
func check(_ tile: EncodedTile, _ walked: [WalkedLayer], budget: TileBudget, added: Added) {
    guard tile.bytes.count <= max(budget.maxBytes, 0) else { fail("\(tile.bytes.count) bytes over a budget of \(budget.maxBytes)") }
    let kept = tile.layers.map(\.kept).reduce(0, +)
    guard kept <= max(budget.maxFeatures, 0) else { fail("\(kept) features over a budget of \(budget.maxFeatures)") }
    let nonEmpty = tile.layers.filter { $0.kept > 0 }
    guard nonEmpty.map(\.name) == walked.map(\.name) else { fail("layers \(walked.map(\.name)) written, reports say \(nonEmpty.map(\.name))") }
    for (r, w) in zip(nonEmpty, walked) where r.kept != w.features {
        fail("layer \(r.name): \(w.features) features written, \(r.kept) reported kept")
    }
    var dropped: [Int: Int] = [:]
    for r in tile.layers {
        guard r.kept + r.dropped == added.drawable[r.name, default: 0] else {
            fail("layer \(r.name): kept \(r.kept) + dropped \(r.dropped) ≠ \(added.drawable[r.name, default: 0]) drawable added")
        }
        guard r.degenerate == added.degenerate[r.name, default: 0] else { fail("layer \(r.name): degenerate \(r.degenerate)") }
        for (p, n) in r.droppedByPriority { dropped[p, default: 0] += n }
    }
    // A feature dropped at priority p means every feature below p is dropped too.
    if let top = dropped.keys.max() {
        for (p, n) in added.byPriority where p < top && dropped[p, default: 0] != n {
            fail("dropped at priority \(top) while \(n - dropped[p, default: 0]) of priority \(p) kept")
        }
    }
}

/// A protobuf reader over the tile that traps (through `fail`) on anything out of bounds.
struct Reader {
    let bytes: ArraySlice<UInt8>
    var at: Int
    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes; at = bytes.startIndex }
    var isEmpty: Bool { at >= bytes.endIndex }

    mutating func varint() -> UInt64 {
        var v: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            guard at < bytes.endIndex else { fail("varint runs past the end") }
            let b = bytes[at]
            at += 1
            v |= UInt64(b & 0x7f) << UInt64(shift)
            if b < 0x80 { return v }
        }
        fail("varint longer than 10 bytes")
    }

    mutating func key() -> (field: UInt64, wire: UInt64) {
        let k = varint()
        return (k >> 3, k & 7)
    }

    mutating func take(_ n: Int) -> ArraySlice<UInt8> {
        guard n >= 0, n <= bytes.endIndex - at else { fail("length \(n) past the end (\(bytes.endIndex - at) left)") }
        defer { at += n }
        return bytes[at..<(at + n)]
    }

    mutating func lengthDelimited() -> ArraySlice<UInt8> {
        let n = varint()
        guard n <= UInt64(Int.max) else { fail("length \(n)") }
        return take(Int(n))
    }

    mutating func packed() -> [UInt32] {
        var r = Reader(lengthDelimited())
        var out: [UInt32] = []
        while !r.isEmpty {
            let v = r.varint()
            guard v <= UInt64(UInt32.max) else { fail("packed uint32 \(v)") }
            out.append(UInt32(v))
        }
        return out
    }
}

func walk(_ bytes: [UInt8], extent: Int) -> [WalkedLayer] {
    var r = Reader(bytes[...])
    var layers: [WalkedLayer] = []
    while !r.isEmpty {
        let k = r.key()
        guard k.field == 3, k.wire == 2 else { fail("tile field \(k)") }
        layers.append(walkLayer(r.lengthDelimited(), extent: extent))
    }
    guard Set(layers.map(\.name)).count == layers.count else { fail("a layer name written twice") }
    return layers
}

func walkLayer(_ body: ArraySlice<UInt8>, extent: Int) -> WalkedLayer {
    var r = Reader(body)
    var name: String?, version: UInt64?, layerExtent: UInt64?
    var keys: [ArraySlice<UInt8>] = [], values: [ArraySlice<UInt8>] = []
    var features: [ArraySlice<UInt8>] = []
    while !r.isEmpty {
        let k = r.key()
        switch (k.field, k.wire) {
        case (1, 2):
            guard name == nil else { fail("layer name twice") }
            name = String(decoding: r.lengthDelimited(), as: UTF8.self)
        case (2, 2): features.append(r.lengthDelimited())
        case (3, 2): keys.append(r.lengthDelimited())
        case (4, 2): values.append(r.lengthDelimited())
        case (5, 0): layerExtent = r.varint()
        case (15, 0): version = r.varint()
        default: fail("layer field \(k)")
        }
    }
    guard let name else { fail("layer without a name") }
    guard version == 2 else { fail("layer \(name) version \(String(describing: version))") }
    guard layerExtent == UInt64(extent) else { fail("layer \(name) extent \(String(describing: layerExtent)), built with \(extent)") }
    guard !features.isEmpty else { fail("layer \(name) written without features") }
    guard Set(keys).count == keys.count else { fail("layer \(name): a key twice in the key table") }
    guard Set(values).count == values.count else { fail("layer \(name): a value twice in the value table") }
    for v in values { walkValue(v) }
    for f in features { walkFeature(f, keys: keys.count, values: values.count) }
    return WalkedLayer(name: name, features: features.count)
}

func walkValue(_ body: ArraySlice<UInt8>) {
    var r = Reader(body)
    let k = r.key()
    switch (k.field, k.wire) {
    case (1, 2): _ = r.lengthDelimited()
    case (2, 5): _ = r.take(4)
    case (3, 1): _ = r.take(8)
    case (4, 0), (5, 0), (6, 0): _ = r.varint()
    case (7, 0): guard r.varint() <= 1 else { fail("bool value out of range") }
    default: fail("value field \(k)")
    }
    guard r.isEmpty else { fail("a value with more than one field") }
}

func walkFeature(_ body: ArraySlice<UInt8>, keys: Int, values: Int) {
    var r = Reader(body)
    var type: UInt64?, geometry: [UInt32]?, tags: [UInt32] = []
    var seen: Set<UInt64> = []
    while !r.isEmpty {
        let k = r.key()
        guard seen.insert(k.field).inserted else { fail("feature field \(k.field) twice") }
        switch (k.field, k.wire) {
        case (1, 0): _ = r.varint()
        case (2, 2): tags = r.packed()
        case (3, 0): type = r.varint()
        case (4, 2): geometry = r.packed()
        default: fail("feature field \(k)")
        }
    }
    guard let type, (1...3).contains(type) else { fail("feature type \(String(describing: type))") }
    guard let geometry, !geometry.isEmpty else { fail("feature without geometry") }
    guard tags.count % 2 == 0 else { fail("odd tag count \(tags.count)") }
    var featureKeys: Set<UInt32> = []
    for i in stride(from: 0, to: tags.count, by: 2) {
        guard Int(tags[i]) < keys else { fail("key index \(tags[i]) of \(keys)") }
        guard Int(tags[i + 1]) < values else { fail("value index \(tags[i + 1]) of \(values)") }
        guard featureKeys.insert(tags[i]).inserted else { fail("key \(tags[i]) twice in one feature") }
    }
    walkGeometry(geometry, type: type)
}

/// The command stream of MVT 2.1 §4.3: points are one MoveTo of n ≥ 1; lines MoveTo 1, LineTo n ≥ 1; polygons
/// MoveTo 1, LineTo n ≥ 2, ClosePath, with no zero-length LineTo, non-zero ring areas and an exterior ring
/// (positive area) first. Grid coordinates stay within the encoder's clamp of ±2^24.
func walkGeometry(_ g: [UInt32], type: UInt64) {
    var i = 0, x: Int64 = 0, y: Int64 = 0
    func command() -> (id: UInt32, count: Int) {
        guard i < g.count else { fail("geometry ends where a command is due") }
        defer { i += 1 }
        return (g[i] & 7, Int(g[i] >> 3))
    }
    func point() -> (dx: Int64, dy: Int64) {
        guard i + 1 < g.count else { fail("geometry ends inside a point") }
        func unzig(_ v: UInt32) -> Int64 { Int64(Int32(bitPattern: (v >> 1) ^ (0 &- (v & 1)))) }
        let d = (unzig(g[i]), unzig(g[i + 1]))
        i += 2
        x += d.0
        y += d.1
        guard abs(x) <= 1 << 24, abs(y) <= 1 << 24 else { fail("coordinate (\(x), \(y)) past the clamp") }
        return d
    }
    var rings = 0
    while i < g.count {
        let move = command()
        switch type {
        case 1:
            guard move.id == 1, move.count >= 1, rings == 0 else { fail("point command \(move)") }
            for _ in 0..<move.count { _ = point() }
            rings += 1
        default:
            guard move.id == 1, move.count == 1 else { fail("line/polygon starts with \(move)") }
            _ = point()
            var ring = [(x, y)]
            let line = command()
            guard line.id == 2, line.count >= (type == 2 ? 1 : 2) else { fail("LineTo \(line) for type \(type)") }
            for _ in 0..<line.count {
                let d = point()
                guard d != (0, 0) else { fail("zero-length LineTo") }
                ring.append((x, y))
            }
            if type == 3 {
                let close = command()
                guard close.id == 7, close.count == 1 else { fail("ring ends with \(close)") }
                var area: Int64 = 0
                var a = ring[ring.count - 1]
                for b in ring { area += a.0 * b.1 - b.0 * a.1; a = b }
                guard area != 0 else { fail("ring of zero area") }
                if rings == 0 && area < 0 { fail("polygon starts with a hole") }
            }
            rings += 1
        }
    }
    guard rings > 0 else { fail("empty geometry") }
}
