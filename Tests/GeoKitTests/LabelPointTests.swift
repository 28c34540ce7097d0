import GeoKit
import Testing

/// Even–odd point-in-polygon, written here so the label point is not checked with its own code.
func inside(_ p: Coordinate, _ rings: [[Coordinate]]) -> Bool {
    var result = false
    for r in rings {
        for i in 0..<(r.count - 1) {
            let a = r[i], b = r[i + 1]
            if (a.y > p.y) != (b.y > p.y), p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y) { result.toggle() }
        }
    }
    return result
}

@Suite struct LabelPointTests {
    @Test func squareLabelsNearItsCentre() throws {
        let p = try #require(LabelPoint.of(rings: [ring([(0, 0), (10, 0), (10, 10), (0, 10)])]))
        #expect(abs(p.x - 5) < 0.5 && abs(p.y - 5) < 0.5)
    }

    @Test func cShapeLabelsInsideWhereTheCentroidIsNot() throws {
        let c = [ring([(0, 0), (100, 0), (100, 20), (20, 20), (20, 80), (100, 80), (100, 100), (0, 100)])]
        #expect(!inside(Coordinate(50, 50), c))
        let p = try #require(LabelPoint.of(rings: c))
        #expect(inside(p, c))
    }

    @Test func avoidsHoles() throws {
        let rings = [ring([(0, 0), (100, 0), (100, 100), (0, 100)]), ring([(10, 10), (10, 90), (90, 90), (90, 10)])]
        let p = try #require(LabelPoint.of(rings: rings))
        #expect(inside(p, rings))
    }

    @Test func multiPolygonUsesTheLargestMember() throws {
        let small = [ring([(0, 0), (1, 0), (1, 1), (0, 1)])]
        let large = [ring([(10, 10), (30, 10), (30, 30), (10, 30)])]
        let p = try #require(LabelPoint.of(.multiPolygon([small, large])))
        #expect(inside(p, large))
        #expect(LabelPoint.of(.lineString([Coordinate(0, 0), Coordinate(1, 1)])) == nil)
        #expect(LabelPoint.of(rings: [ring([(0, 0), (1, 1), (2, 2)])]) == nil)
    }
}
