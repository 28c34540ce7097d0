import GeoKit
import Projection
import Testing

@Suite struct GridCRSTests {
    let suzhou = BBox(minX: 120.3, minY: 31.0, maxX: 120.9, maxY: 31.6)

    @Test func suzhouIsUTMZone51North() throws {
        #expect(CRS.utmZone(longitude: 120.6) == 51)
        #expect(try GridCRSPolicy.utm.crs(for: suzhou) == .epsg(32651))
        #expect(try ProjContext().gridCRS(for: suzhou, policy: .utm) == .epsg(32651))
    }

    @Test func utmZoneEdges() throws {
        #expect(CRS.utmZone(longitude: -180) == 1)
        #expect(CRS.utmZone(longitude: 180) == 1)
        #expect(CRS.utmZone(longitude: 0) == 31)
        #expect(CRS.utmZone(longitude: 120) == 51)
        #expect(CRS.utmZone(longitude: 119.999) == 50)
        #expect(try CRS.utm(containing: Coordinate(-43.2, -22.9)) == .epsg(32723))
        #expect(throws: ProjectionError.self) { try CRS.utm(containing: Coordinate(0, 85)) }
    }

    @Test func suzhouIsGaussKrugerCM120() throws {
        #expect(try GridCRSPolicy.cgcs2000GaussKruger.crs(for: suzhou) == .epsg(4549))
        #expect(try GridCRSPolicy(parsing: "cgcs2000-gk").crs(for: suzhou) == .epsg(4549))
        // 121.5°E is the boundary of the CM 120E and CM 123E zones and belongs to the eastern one.
        #expect(try CRS.cgcs2000GaussKruger3(containing: Coordinate(121.5, 31)) == .epsg(4550))
        #expect(try CRS.cgcs2000GaussKruger3(containing: Coordinate(121.49, 31)) == .epsg(4549))
        #expect(throws: ProjectionError.self) { try CRS.cgcs2000GaussKruger3(containing: Coordinate(10, 50)) }
    }

    /// EPSG:4534…4554 ↔ central meridian 75°E…135°E as proj.db defines them: a point on the meridian we
    /// claim must come out at the false easting 500 000 m.
    @Test(arguments: Array(CRS.cgcs2000GaussKrugerMeridians))
    func gaussKrugerCodesMatchProjDatabase(_ meridian: Int) throws {
        let crs = try CRS.cgcs2000GaussKruger3(centralMeridian: meridian)
        #expect(crs.epsgCode == 4534 + (meridian - 75) / 3)
        let p = try ProjContext().transformer(from: .cgcs2000, to: crs).transform(Coordinate(Double(meridian), 35))
        #expect(abs(p.x - 500_000) < 1e-6, "\(crs): \(p)")
    }

    @Test func configuredCRSMustBeMetric() throws {
        let context = ProjContext()
        #expect(try context.gridCRS(for: suzhou, policy: GridCRSPolicy(parsing: "EPSG:4549")) == .epsg(4549))
        #expect(try context.gridCRS(for: suzhou, policy: .fixed(.epsg(3857))) == .epsg(3857))
        #expect(throws: ProjectionError.self) { try context.gridCRS(for: suzhou, policy: .fixed(.wgs84)) }
        // NAD83 / Texas Central (ftUS): projected, but in feet.
        #expect(throws: ProjectionError.self) { try context.gridCRS(for: suzhou, policy: .fixed(.epsg(2277))) }
        #expect(throws: ProjectionError.self) { try context.gridCRS(for: suzhou, policy: .fixed(.epsg(999_999))) }
        #expect(throws: ProjectionError.self) { try context.gridCRS(for: .empty, policy: .utm) }
    }

    /// A 100 m cell of the grid CRS, taken to lon/lat and back, keeps its corners to the millimetre.
    @Test(arguments: [GridCRSPolicy.utm, .cgcs2000GaussKruger])
    func hundredMetreSquareRoundTrips(_ policy: GridCRSPolicy) throws {
        let context = ProjContext()
        let crs = try context.gridCRS(for: suzhou, policy: policy)
        let transformer = try context.transformer(from: .wgs84, to: crs)
        let origin = try transformer.transform(Coordinate(120.6, 31.3))
        let x0 = (origin.x / 100).rounded(.down) * 100, y0 = (origin.y / 100).rounded(.down) * 100
        let square = [Coordinate(x0, y0), Coordinate(x0 + 100, y0), Coordinate(x0 + 100, y0 + 100), Coordinate(x0, y0 + 100)]

        var points = square
        try transformer.transform(&points, direction: .inverse)
        // On the ground the cell is ~100 m a side: the scale factor is within 0.1 % of 1 this close to the
        // meridian, and `metres` measures on a sphere, itself up to ~0.3 % off the ellipsoid.
        #expect(abs(metres(points[0], points[1]) - 100) < 0.5)
        #expect(abs(metres(points[0], points[3]) - 100) < 0.5)
        try transformer.transform(&points)
        for (a, b) in zip(points, square) { #expect(planar(a, b) < 0.001, "\(a) vs \(b)") }
    }
}
