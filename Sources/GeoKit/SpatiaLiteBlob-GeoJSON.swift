/// GeoJSON text straight from a SpatiaLite blob, read in place: the read path for feature responses never
/// builds `Geometry` values.
extension JSONWriter {
    /// Writes the blob's geometry as GeoJSON; on a damaged blob writes nothing and throws.
    public mutating func geometry(spatiaLiteBlob bytes: UnsafeRawBufferPointer) throws(SpatiaLiteBlob.DecodeError) {
        guard bytes.count >= 45, bytes[0] == 0x00, bytes[38] == 0x7C, bytes[bytes.count - 1] == 0xFE,
              bytes[1] == 0x01 || bytes[1] == 0x00 else {
            throw SpatiaLiteBlob.DecodeError(reason: "bad header or terminator")
        }
        var r = ByteReader(bytes: bytes, offset: 39, littleEndian: bytes[1] == 0x01)
        let mark = self.bytes.count
        do throws(SpatiaLiteBlob.DecodeError) {
            try writeGeometry(&r, classCode: try r.i32(), nested: false)
            guard r.offset == bytes.count - 1 else { throw SpatiaLiteBlob.DecodeError(reason: "trailing bytes") }
        } catch {
            truncate(to: mark)
            throw error
        }
    }

    private mutating func writeGeometry(_ r: inout ByteReader, classCode: Int32, nested: Bool) throws(SpatiaLiteBlob.DecodeError) {
        let dims = classCode / 1000
        guard (0...3).contains(dims), let kind = GeometryKind(rawValue: classCode % 1000) else {
            throw SpatiaLiteBlob.DecodeError(reason: "unsupported geometry class \(classCode)")
        }
        let extra = dims == 0 ? 0 : (dims == 3 ? 2 : 1)
        if !nested {
            raw("{\"type\":")
            string(kind.name)
            raw(",\"coordinates\":")
        }
        switch kind {
        case .point: try position(&r, extra: extra)
        case .lineString: try positions(&r, extra: extra)
        case .polygon: try rings(&r, extra: extra)
        case .multiPoint, .multiLineString, .multiPolygon:
            guard !nested else { throw SpatiaLiteBlob.DecodeError(reason: "nested collection") }
            let n = try r.count()
            byte(UInt8(ascii: "["))
            for i in 0..<n {
                if i > 0 { byte(UInt8(ascii: ",")) }
                guard try r.u8() == 0x69 else { throw SpatiaLiteBlob.DecodeError(reason: "missing collection entity mark") }
                let member = try r.i32()
                guard GeometryKind(rawValue: member % 1000) == kind.memberKind else {
                    throw SpatiaLiteBlob.DecodeError(reason: "\(kind.name) member of class \(member)")
                }
                try writeGeometry(&r, classCode: member, nested: true)
            }
            byte(UInt8(ascii: "]"))
        }
        if !nested { byte(UInt8(ascii: "}")) }
    }

    private mutating func position(_ r: inout ByteReader, extra: Int) throws(SpatiaLiteBlob.DecodeError) {
        let c = try r.coordinate(extra: extra)
        position(c)
    }

    private mutating func positions(_ r: inout ByteReader, extra: Int) throws(SpatiaLiteBlob.DecodeError) {
        let n = try r.count(minBytesEach: 16)
        byte(UInt8(ascii: "["))
        for i in 0..<n {
            if i > 0 { byte(UInt8(ascii: ",")) }
            try position(&r, extra: extra)
        }
        byte(UInt8(ascii: "]"))
    }

    private mutating func rings(_ r: inout ByteReader, extra: Int) throws(SpatiaLiteBlob.DecodeError) {
        let n = try r.count(minBytesEach: 4)
        byte(UInt8(ascii: "["))
        for i in 0..<n {
            if i > 0 { byte(UInt8(ascii: ",")) }
            try positions(&r, extra: extra)
        }
        byte(UInt8(ascii: "]"))
    }
}

extension GeometryKind {
    /// The kind of a collection's members.
    var memberKind: GeometryKind {
        switch self {
        case .multiPoint: .point
        case .multiLineString: .lineString
        case .multiPolygon: .polygon
        default: self
        }
    }
}
