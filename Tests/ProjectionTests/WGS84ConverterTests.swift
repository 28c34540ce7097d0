import GeoKit
import Projection
import Testing

@Suite struct WGS84ConverterTests {
    @Test func parsesInputSystems() {
        #expect(InputCoordinateSystem(parsing: "GCJ-02") == .gcj02)
        #expect(InputCoordinateSystem(parsing: "gcj02") == .gcj02)
        #expect(InputCoordinateSystem(parsing: "EPSG:4490") == .crs(.cgcs2000))
    }

    /// CGCS2000 and WGS 84 differ by centimetres, below what PROJ models without a grid: it uses a null
    /// transformation, so coordinates pass through unchanged.
    @Test func cgcs2000IsNearIdentity() throws {
        let converter = try WGS84Converter(from: .crs(.cgcs2000), context: ProjContext())
        var points = [Coordinate(120.6, 31.3), Coordinate(87.6, 43.8), Coordinate(109.5, 18.25)]
        let input = points
        try converter.convert(&points)
        for (a, b) in zip(points, input) { #expect(metres(a, b) < 0.01) }
    }

    @Test func gcj02InputUsesTheIterativeInverse() throws {
        let converter = try WGS84Converter(from: .gcj02, context: ProjContext())
        for pair in referencePairs {
            #expect(metres(try converter.convert(pair.gcj), pair.wgs) < 1)
        }
    }

    @Test func projectedInputComesBackToLonLat() throws {
        let context = ProjContext()
        let wgs = Coordinate(120.6, 31.3)
        let gk = try context.transformer(from: .wgs84, to: .epsg(4549)).transform(wgs)
        let converter = try WGS84Converter(from: InputCoordinateSystem(parsing: "EPSG:4549"), context: context)
        #expect(metres(try converter.convert(gk), wgs) < 0.001)
    }

    @Test func wgs84InputIsUntouched() throws {
        let converter = try WGS84Converter(from: .crs(.wgs84), context: ProjContext())
        #expect(try converter.convert(Coordinate(120.6, 31.3)) == Coordinate(120.6, 31.3))
    }

    @Test func unknownInputCRSIsAnError() {
        #expect(throws: ProjectionError.self) { try WGS84Converter(from: .crs(.epsg(1)), context: ProjContext()) }
    }
}
