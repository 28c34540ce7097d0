import GeoKit
import Testing

@Suite struct SpatiaLiteBlobTests {
    static let ring = [Coordinate(0, 0), Coordinate(10, 0), Coordinate(10, 10), Coordinate(0, 10), Coordinate(0, 0)]
    static let hole = [Coordinate(2, 2), Coordinate(2, 4), Coordinate(4, 4), Coordinate(4, 2), Coordinate(2, 2)]
    static let samples: [Geometry] = [
        .point(Coordinate(120.5, 31.25)),
        .lineString([Coordinate(1, 2), Coordinate(3, 4), Coordinate(-5, 6.5)]),
        .polygon([ring, hole]),
        .multiPoint([Coordinate(1, 1), Coordinate(2, 2)]),
        .multiLineString([[Coordinate(0, 0), Coordinate(1, 1)], [Coordinate(2, 2), Coordinate(3, 3)]]),
        .multiPolygon([[ring], [hole]]),
    ]

    @Test(arguments: samples) func roundTrips(_ g: Geometry) throws {
        let blob = SpatiaLiteBlob.encode(g, srid: 4326)
        let (decoded, srid) = try SpatiaLiteBlob.decode(blob)
        #expect(decoded == g)
        #expect(srid == 4326)
    }

    @Test func headerCarriesTheBoundingBox() throws {
        let blob = SpatiaLiteBlob.encode(.lineString([Coordinate(1, 2), Coordinate(3, -4)]))
        let mbr = blob.withUnsafeBytes { raw in (0..<4).map { raw.loadUnaligned(fromByteOffset: 6 + 8 * $0, as: Double.self) } }
        #expect(mbr == [1, -4, 3, 2])
        #expect(blob.first == 0x00 && blob[38] == 0x7C && blob.last == 0xFE)
    }

    /// Every truncation and every single-byte corruption of a valid blob is an error or a geometry, never a trap.
    @Test func damagedBlobsAreErrorsNotCrashes() {
        let blob = SpatiaLiteBlob.encode(.multiPolygon([[Self.ring, Self.hole]]))
        for n in 0..<blob.count {
            #expect(throws: SpatiaLiteBlob.DecodeError.self) { _ = try SpatiaLiteBlob.decode(Array(blob.prefix(n))) }
        }
        for i in 0..<blob.count {
            for v: UInt8 in [0x00, 0x7F, 0xFF] {
                var damaged = blob
                damaged[i] = v
                _ = try? SpatiaLiteBlob.decode(damaged)
            }
        }
    }

    @Test func hostileCountsDoNotAllocate() {
        var w = [UInt8](SpatiaLiteBlob.encode(.lineString([Coordinate(0, 0), Coordinate(1, 1)])))
        // Point count at offset 43 claims two billion points.
        w.replaceSubrange(43..<47, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: SpatiaLiteBlob.DecodeError.self) { _ = try SpatiaLiteBlob.decode(w) }
    }

    @Test func xyzBlobsKeepXAndY() throws {
        // A POINT Z (class 1001) as ogr2ogr or QGIS may write it.
        var bytes: [UInt8] = [0x00, 0x01]
        func i32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        func f64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        i32(4326); f64(1); f64(2); f64(1); f64(2); bytes.append(0x7C); i32(1001); f64(1); f64(2); f64(99); bytes.append(0xFE)
        #expect(try SpatiaLiteBlob.decode(bytes).geometry == .point(Coordinate(1, 2)))
    }
}
