import GeoKit
import Testing
@testable import VectorTiles

func encoded(_ g: TileGeometry) -> [UInt32]? {
    var encoder = GeometryEncoder()
    var commands: [UInt32] = []
    return encoder.encode(g, into: &commands) ? commands : nil
}

func commands(_ g: Geometry) -> [UInt32]? { encoded(tileGeometry(g)) }

// Command streams from the examples of the MVT 2.1 specification, section 4.3.5.
@Suite struct GeometryEncoderTests {
    @Test func specExamples() {
        #expect(commands((.point(c(25, 17)))) == [9, 50, 34])
        #expect(commands((.multiPoint([c(5, 7), c(3, 2)]))) == [17, 10, 14, 3, 9])
        #expect(commands((.lineString([c(2, 2), c(2, 10), c(10, 10)]))) == [9, 4, 4, 18, 0, 16, 16, 0])
        #expect(commands((.multiLineString([[c(2, 2), c(2, 10), c(10, 10)], [c(1, 1), c(3, 5)]])))
            == [9, 4, 4, 18, 0, 16, 16, 0, 9, 17, 17, 10, 4, 8])
        #expect(commands((.polygon([ring([(3, 6), (8, 12), (20, 34)])]))) == [9, 6, 12, 18, 10, 12, 24, 44, 15])
        let multi = Geometry.multiPolygon([
            [ring([(0, 0), (10, 0), (10, 10), (0, 10)])],
            [ring([(11, 11), (20, 11), (20, 20), (11, 20)]), ring([(13, 13), (13, 17), (17, 17), (17, 13)])],
        ])
        #expect(commands((multi))
            == [9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15, 9, 22, 2, 26, 18, 0, 0, 18, 17, 0, 15, 9, 4, 13, 26, 0, 8, 8, 0, 0, 7, 15])
    }

    @Test func windingIsFixedToTheSpec() {
        // Exterior counter-clockwise on screen and hole clockwise: both the wrong way round.
        let g = tileGeometry(.polygon([ring([(0, 0), (0, 10), (10, 10), (10, 0)]), ring([(2, 2), (4, 2), (4, 4), (2, 4)])]))
        // Each ring reversed: exterior (10,0) (10,10) (0,10) (0,0); hole (2,4) (4,4) (4,2) (2,2).
        #expect(encoded(g) == [9, 20, 0, 26, 0, 20, 19, 0, 0, 19, 15, 9, 4, 8, 26, 4, 0, 0, 3, 3, 0, 15])
    }

    @Test func repeatedPointsAfterRoundingAreRemoved() {
        let line = tileGeometry(.lineString([c(0, 0), c(0.2, -0.3), c(5, 5), c(5.2, 5.1), c(10, 10)]))
        #expect(encoded(line) == [9, 0, 0, 18, 10, 10, 10, 10])
    }

    @Test func closingPointIsNotWritten() {
        let square = tileGeometry(.polygon([ring([(0, 0), (10, 0), (10, 10), (0, 10)])]))
        #expect(encoded(square) == [9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15])
    }

    @Test func degenerateGeometriesAreDropped() {
        #expect(commands((.lineString([c(1.2, 1.2), c(1.4, 0.9)]))) == nil)
        #expect(commands((.polygon([ring([(0, 0), (10, 0.2), (20, 0.4)])]))) == nil)
        #expect(commands((.polygon([ring([(0, 0), (0.3, 0), (0.3, 0.3)])]))) == nil)
        #expect(commands((.point(c(.nan, 1)))) == nil)
        #expect(encoded(TileGeometry(kind: .line)) == nil)
        // A collapsed exterior takes its hole with it; a later, valid polygon stays and starts from the cursor.
        let multi = Geometry.multiPolygon([
            [ring([(0, 0), (0.2, 0), (0.2, 0.2)]), ring([(0, 0), (0, 0.1), (0.1, 0.1)])],
            [ring([(0, 0), (10, 0), (10, 10), (0, 10)])],
        ])
        #expect(commands((multi)) == [9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15])
    }

    @Test func collapsedPiecesOfALineAreDroppedButTheRestStays() {
        let g = tileGeometry(.multiLineString([[c(3, 3), c(3.1, 3.2)], [c(1, 1), c(3, 5)]]))
        #expect(encoded(g) == [9, 2, 2, 10, 4, 8])
    }

    @Test func eachFeatureStartsFromTheOriginInASharedBuffer() {
        var encoder = GeometryEncoder()
        var buffer: [UInt32] = []
        let first = encoder.encode(tileGeometry(.point(c(25, 17))), into: &buffer)
        let collapsed = encoder.encode(tileGeometry(.lineString([c(1, 1), c(1.2, 1.1)])), into: &buffer)
        let second = encoder.encode(tileGeometry(.point(c(25, 17))), into: &buffer)
        #expect(first && !collapsed && second)
        #expect(buffer == [9, 50, 34, 9, 50, 34])
    }

    @Test func hugeAndNonFiniteCoordinatesDoNotTrap() throws {
        let g = tileGeometry(.lineString([c(-1e300, 0), c(.infinity, 5), c(1e300, 1e300), c(4, 4)]))
        let commands = try #require(encoded(g))
        #expect(commands.first == 9)
    }
}
