import GeoKit
import Testing

let box = BBox(minX: 0, minY: 0, maxX: 100, maxY: 100)

func ring(_ points: [(Double, Double)]) -> [Coordinate] {
    let cs = points.map { Coordinate($0.0, $0.1) }
    return cs + [cs[0]]
}

func parts(_ g: TileGeometry) -> [[Coordinate]] { (0..<g.partCount).map { Array(g.part($0)) } }

@Suite struct ClipTests {
    @Test func lineCrossingTheTileIsCutAtBothEdges() {
        var out = TileGeometry(kind: .line)
        Clip.line([Coordinate(-50, 50), Coordinate(150, 50)], to: box, into: &out)
        #expect(parts(out) == [[Coordinate(0, 50), Coordinate(100, 50)]])
    }

    @Test func lineLeavingAndReturningBecomesTwoPieces() {
        let line = TileGeometry(.lineString([Coordinate(10, 10), Coordinate(50, 10), Coordinate(50, -40),
                                             Coordinate(80, -40), Coordinate(80, 20), Coordinate(90, 20)]), transform: { $0 })
        let clipped = line.clipped(to: box)
        #expect(parts(clipped) == [[Coordinate(10, 10), Coordinate(50, 10), Coordinate(50, 0)],
                                   [Coordinate(80, 0), Coordinate(80, 20), Coordinate(90, 20)]])
    }

    @Test func linesOutsideOrGrazingACornerVanish() {
        var out = TileGeometry(kind: .line)
        Clip.line([Coordinate(-10, -10), Coordinate(-5, 200)], to: box, into: &out)
        Clip.line([Coordinate(-10, 10), Coordinate(10, -10)], to: box, into: &out)
        #expect(out.isEmpty && out.coordinates.isEmpty)
    }

    @Test func lineInsideIsUnchanged() {
        let line = TileGeometry(.lineString([Coordinate(1, 1), Coordinate(2, 3), Coordinate(99, 99)]), transform: { $0 })
        #expect(line.clipped(to: box) == line)
    }

    @Test func polygonPartlyOutsideStaysClosedWithTheRightArea() {
        let square = ring([(50, 50), (150, 50), (150, 150), (50, 150)])
        let clipped = Clip.ring(square[...], to: box)
        #expect(clipped.count >= 4 && clipped.first == clipped.last)
        #expect(Clip.signedArea(clipped[...]) == 5_000)
        for c in clipped { #expect(box.contains(c)) }
    }

    @Test func concaveRingKeepsItsArea() {
        // A U open to the north, its arms sticking out of the box's top.
        let u = ring([(10, -20), (30, -20), (30, 60), (70, 60), (70, -20), (90, -20), (90, 80), (10, 80)])
        let clipped = Clip.ring(u[...], to: box)
        #expect(clipped.first == clipped.last)
        // Inside the box: 80 × 80 minus the 40 × 60 notch.
        let expected: Double = 2 * (80 * 80 - 40 * 60)
        #expect(abs(Clip.signedArea(clipped[...])) == expected)
    }

    @Test func polygonWithAHole() {
        let exterior = ring([(-50, -50), (150, -50), (150, 150), (-50, 150)])
        let holeInside = ring([(20, 20), (20, 40), (40, 40), (40, 20)])
        let holeAcrossEdge = ring([(90, 20), (90, 40), (120, 40), (120, 20)])
        let holeOutside = ring([(120, 120), (120, 140), (140, 140), (140, 120)])
        let g = TileGeometry(.polygon([exterior, holeInside, holeAcrossEdge, holeOutside]), transform: { $0 })
        let clipped = g.clipped(to: box)
        #expect(clipped.isExterior == [true, false, false])
        let rings = parts(clipped)
        #expect(abs(Clip.signedArea(rings[0][...])) == 20_000)
        #expect(rings[1] == holeInside)
        #expect(abs(Clip.signedArea(rings[2][...])) == 400)
        for r in rings { #expect(r.first == r.last && r.count >= 4) }
    }

    @Test func holesGoWithTheirExterior() {
        let outside = ring([(200, 200), (300, 200), (300, 300), (200, 300)])
        let hole = ring([(210, 210), (220, 210), (220, 220), (210, 220)])
        let inside = ring([(10, 10), (20, 10), (20, 20), (10, 20)])
        let g = TileGeometry(.multiPolygon([[outside, hole], [inside]]), transform: { $0 })
        let clipped = g.clipped(to: BBox(minX: 0, minY: 0, maxX: 100, maxY: 100.5))
        #expect(parts(clipped) == [inside] && clipped.isExterior == [true])
    }

    @Test func ringThatOnlyTouchesTheBoxIsDropped() {
        let touching = ring([(100, 10), (120, 10), (120, 30), (100, 30)])
        #expect(Clip.ring(touching[...], to: box).isEmpty)
    }

    @Test func nonFiniteVerticesAreLeftOut() {
        var out = TileGeometry(kind: .line)
        Clip.line([Coordinate(-50, 50), Coordinate(.nan, 50), Coordinate(20, 20), Coordinate(30, 30)], to: box, into: &out)
        #expect(parts(out) == [[Coordinate(20, 20), Coordinate(30, 30)]])
        let withNaN = ring([(50, 50), (150, 50), (.nan, 100), (150, 150), (50, 150)])
        let clipped = Clip.ring(withNaN[...], to: box)
        #expect(clipped.allSatisfy { box.contains($0) } && Clip.signedArea(clipped[...]) == 5_000)
    }

    @Test func pointsOutsideAreDropped() {
        let g = TileGeometry(.multiPoint([Coordinate(5, 5), Coordinate(-5, 5), Coordinate(100, 100)]), transform: { $0 })
        #expect(g.clipped(to: box).coordinates == [Coordinate(5, 5), Coordinate(100, 100)])
    }
}
