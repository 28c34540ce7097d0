/// SpatiaLite's internal BLOB geometry format ("SpatiaLite BLOB-Geometry", little-endian written):
///
///     0x00 | endian 0x01 | srid i32 | mbr minX minY maxX maxY f64 | 0x7C | class i32 | body | 0xFE
///
/// Collections prefix each member with 0x69 and its class. Writing the blob here (rather than calling
/// GeomFromWKB in SQL) lets bulk loads skip a SQL function call per row.
public enum SpatiaLiteBlob {
    public struct DecodeError: Error, CustomStringConvertible, Sendable {
        public let reason: String
        public var description: String { "invalid SpatiaLite geometry blob: \(reason)" }
    }

    // MARK: Encoding

    public static func encode(_ geometry: Geometry, srid: Int32 = 4326) -> [UInt8] {
        var w = ByteWriter(capacity: 64 + 16 * geometry.coordinateCount)
        let box = geometry.bbox
        w.u8(0x00)
        w.u8(0x01)
        w.i32(srid)
        w.f64(box.minX); w.f64(box.minY); w.f64(box.maxX); w.f64(box.maxY)
        w.u8(0x7C)
        w.i32(geometry.kind.rawValue)
        switch geometry {
        case .point(let c): w.coordinate(c)
        case .lineString(let cs): w.sequence(cs)
        case .polygon(let rings): w.rings(rings)
        case .multiPoint(let cs):
            w.i32(Int32(cs.count))
            for c in cs { w.u8(0x69); w.i32(GeometryKind.point.rawValue); w.coordinate(c) }
        case .multiLineString(let lines):
            w.i32(Int32(lines.count))
            for l in lines { w.u8(0x69); w.i32(GeometryKind.lineString.rawValue); w.sequence(l) }
        case .multiPolygon(let polys):
            w.i32(Int32(polys.count))
            for p in polys { w.u8(0x69); w.i32(GeometryKind.polygon.rawValue); w.rings(p) }
        }
        w.u8(0xFE)
        return w.bytes
    }

    // MARK: Decoding

    /// Decodes a blob in place; `bytes` is typically the column pointer of a SQLite row.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> (geometry: Geometry, srid: Int32) {
        guard bytes.count >= 45, bytes[0] == 0x00, bytes[38] == 0x7C, bytes[bytes.count - 1] == 0xFE else {
            throw DecodeError(reason: "bad header or terminator")
        }
        guard bytes[1] == 0x01 || bytes[1] == 0x00 else { throw DecodeError(reason: "bad byte-order mark") }
        var r = ByteReader(bytes: bytes, offset: 2, littleEndian: bytes[1] == 0x01)
        let srid = try r.i32()
        r.offset = 39
        let geometry = try readGeometry(&r, classCode: try r.i32(), nested: false)
        guard r.offset == bytes.count - 1 else { throw DecodeError(reason: "trailing bytes") }
        return (geometry, srid)
    }

    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> (geometry: Geometry, srid: Int32) {
        do {
            return try bytes.withUnsafeBytes { try decode($0) }
        } catch let e as DecodeError {
            throw e
        } catch {
            throw DecodeError(reason: "\(error)")
        }
    }

    private static func readGeometry(_ r: inout ByteReader, classCode: Int32, nested: Bool) throws(DecodeError) -> Geometry {
        let (kind, extra) = try kind(classCode)
        switch kind {
        case .point: return .point(try r.coordinate(extra: extra))
        case .lineString: return .lineString(try r.sequence(extra: extra))
        case .polygon: return .polygon(try r.rings(extra: extra))
        case .multiPoint, .multiLineString, .multiPolygon:
            guard !nested else { throw DecodeError(reason: "nested collection") }
            let n = try r.count()
            var members: [Geometry] = []
            members.reserveCapacity(n)
            for _ in 0..<n {
                guard try r.u8() == 0x69 else { throw DecodeError(reason: "missing collection entity mark") }
                members.append(try readGeometry(&r, classCode: try r.i32(), nested: true))
            }
            return try assemble(kind, members)
        }
    }

    private static func assemble(_ kind: GeometryKind, _ members: [Geometry]) throws(DecodeError) -> Geometry {
        switch kind {
        case .multiPoint:
            var cs: [Coordinate] = []
            for case .point(let c) in members { cs.append(c) }
            guard cs.count == members.count else { throw DecodeError(reason: "MultiPoint member is not a Point") }
            return .multiPoint(cs)
        case .multiLineString:
            var ls: [[Coordinate]] = []
            for case .lineString(let l) in members { ls.append(l) }
            guard ls.count == members.count else { throw DecodeError(reason: "MultiLineString member is not a LineString") }
            return .multiLineString(ls)
        default:
            var ps: [[[Coordinate]]] = []
            for case .polygon(let p) in members { ps.append(p) }
            guard ps.count == members.count else { throw DecodeError(reason: "MultiPolygon member is not a Polygon") }
            return .multiPolygon(ps)
        }
    }
}

extension Geometry {
    public var coordinateCount: Int {
        var n = 0
        forEachCoordinate { _ in n += 1 }
        return n
    }
}

/// Appends little-endian values to a growing byte array.
struct ByteWriter {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func i32(_ v: Int32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func f64(_ v: Double) {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func coordinate(_ c: Coordinate) { f64(c.x); f64(c.y) }

    mutating func sequence(_ cs: [Coordinate]) {
        i32(Int32(cs.count))
        for c in cs { coordinate(c) }
    }

    mutating func rings(_ rings: [[Coordinate]]) {
        i32(Int32(rings.count))
        for ring in rings { sequence(ring) }
    }
}

/// Reads values from a byte buffer with bounds checks; every overrun is a decode error, never a trap.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int
    let littleEndian: Bool

    mutating func u8() throws(SpatiaLiteBlob.DecodeError) -> UInt8 {
        guard offset < bytes.count else { throw .init(reason: "truncated") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func i32() throws(SpatiaLiteBlob.DecodeError) -> Int32 {
        guard offset + 4 <= bytes.count else { throw .init(reason: "truncated") }
        let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        offset += 4
        return Int32(bitPattern: littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw))
    }

    mutating func f64() throws(SpatiaLiteBlob.DecodeError) -> Double {
        guard offset + 8 <= bytes.count else { throw .init(reason: "truncated") }
        let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
        return Double(bitPattern: littleEndian ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw))
    }

    /// A count, checked against the bytes left so a hostile count cannot make us allocate.
    mutating func count(minBytesEach: Int = 1) throws(SpatiaLiteBlob.DecodeError) -> Int {
        let n = Int(try i32())
        guard n >= 0, n * minBytesEach <= bytes.count - offset else { throw .init(reason: "bad count \(n)") }
        return n
    }

    mutating func coordinate(extra: Int) throws(SpatiaLiteBlob.DecodeError) -> Coordinate {
        let c = Coordinate(try f64(), try f64())
        offset += 8 * extra
        return c
    }

    mutating func sequence(extra: Int) throws(SpatiaLiteBlob.DecodeError) -> [Coordinate] {
        let n = try count(minBytesEach: 16 + 8 * extra)
        var cs: [Coordinate] = []
        cs.reserveCapacity(n)
        for _ in 0..<n { cs.append(try coordinate(extra: extra)) }
        return cs
    }

    mutating func rings(extra: Int) throws(SpatiaLiteBlob.DecodeError) -> [[Coordinate]] {
        let n = try count(minBytesEach: 4)
        var rings: [[Coordinate]] = []
        rings.reserveCapacity(n)
        for _ in 0..<n { rings.append(try sequence(extra: extra)) }
        return rings
    }
}

extension SpatiaLiteBlob {
    /// The kind of a class code and the number of extra ordinates (Z, M) per coordinate to skip.
    static func kind(_ classCode: Int32) throws(DecodeError) -> (GeometryKind, extra: Int) {
        // 1000+ = XYZ, 2000+ = XYM, 3000+ = XYZM; riskmap keeps X and Y only. Compressed classes are not read.
        let dims = classCode / 1000
        guard (0...3).contains(dims), let kind = GeometryKind(rawValue: classCode % 1000) else {
            throw DecodeError(reason: "unsupported geometry class \(classCode)")
        }
        return (kind, dims == 0 ? 0 : (dims == 3 ? 2 : 1))
    }
}
