extension TileTransform {
    /// A SpatiaLite blob (typically a row's column pointer) read straight into the tile, each coordinate
    /// projected as it is read, then clipped and simplified as `tileGeometry(_:buffer:tolerance:)` does: the
    /// same result and the same decode errors as `SpatiaLiteBlob.decode` followed by that call, without the
    /// nested arrays of a `Geometry` on the tile path.
    public func tileGeometry(blob bytes: UnsafeRawBufferPointer, buffer: Int = 64,
                             tolerance: Double = 0) throws(SpatiaLiteBlob.DecodeError) -> TileGeometry? {
        guard bytes.count >= 45, bytes[0] == 0x00, bytes[38] == 0x7C, bytes[bytes.count - 1] == 0xFE else {
            throw SpatiaLiteBlob.DecodeError(reason: "bad header or terminator")
        }
        guard bytes[1] == 0x01 || bytes[1] == 0x00 else { throw SpatiaLiteBlob.DecodeError(reason: "bad byte-order mark") }
        var r = ByteReader(bytes: bytes, offset: 39, littleEndian: bytes[1] == 0x01)
        let classCode = try r.i32()
        let (kind, extra) = try SpatiaLiteBlob.kind(classCode)
        let box = clipBox(buffer: buffer)
        var g: TileGeometry
        switch kind {
        case .point:
            // Most features are points: one outside the box costs no allocation.
            let c = tileCoordinate(lonLat: try r.coordinate(extra: extra))
            guard r.offset == bytes.count - 1 else { throw SpatiaLiteBlob.DecodeError(reason: "trailing bytes") }
            guard box.contains(c) else { return nil }
            g = TileGeometry(kind: .point, capacity: 1)
            g.append(part: CollectionOfOne(c))
            return g
        case .multiPoint: g = TileGeometry(kind: .point, capacity: bytes.count / 21)
        case .lineString, .multiLineString: g = TileGeometry(kind: .line, capacity: bytes.count / 16)
        case .polygon, .multiPolygon: g = TileGeometry(kind: .polygon, capacity: bytes.count / 16)
        }
        try readMember(&r, kind: kind, extra: extra, into: &g)
        if kind.rawValue >= GeometryKind.multiPoint.rawValue {
            // Collection members carry their own class; each must be the simple kind of the collection.
            let memberKind = GeometryKind(rawValue: kind.rawValue - 3)!
            let n = try r.count()
            for _ in 0..<n {
                guard try r.u8() == 0x69 else { throw SpatiaLiteBlob.DecodeError(reason: "missing collection entity mark") }
                let (k, e) = try SpatiaLiteBlob.kind(try r.i32())
                guard k.rawValue < GeometryKind.multiPoint.rawValue else { throw SpatiaLiteBlob.DecodeError(reason: "nested collection") }
                guard k == memberKind else {
                    throw SpatiaLiteBlob.DecodeError(reason: "\(kind.name) member is not a \(memberKind.name)")
                }
                try readMember(&r, kind: k, extra: e, into: &g)
            }
        }
        guard r.offset == bytes.count - 1 else { throw SpatiaLiteBlob.DecodeError(reason: "trailing bytes") }
        g = g.clipped(to: box)
        if tolerance > 0 { g = g.simplified(tolerance: tolerance) }
        return g.isEmpty ? nil : g
    }

    /// Appends one simple member (point, line or polygon) to `g`; collections only count their members here.
    private func readMember(_ r: inout ByteReader, kind: GeometryKind, extra: Int,
                            into g: inout TileGeometry) throws(SpatiaLiteBlob.DecodeError) {
        switch kind {
        case .point:
            g.append(part: CollectionOfOne(tileCoordinate(lonLat: try r.coordinate(extra: extra))))
        case .lineString:
            try readSequence(&r, extra: extra, exterior: true, into: &g)
        case .polygon:
            let rings = try r.count(minBytesEach: 4)
            for i in 0..<rings { try readSequence(&r, extra: extra, exterior: i == 0, into: &g) }
        case .multiPoint, .multiLineString, .multiPolygon:
            break
        }
    }

    private func readSequence(_ r: inout ByteReader, extra: Int, exterior: Bool,
                              into g: inout TileGeometry) throws(SpatiaLiteBlob.DecodeError) {
        let n = try r.count(minBytesEach: 16 + 8 * extra)
        for _ in 0..<n { g.coordinates.append(tileCoordinate(lonLat: try r.coordinate(extra: extra))) }
        g.partEnds.append(g.coordinates.count)
        g.isExterior.append(exterior)
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
