import Foundation
import GeoKit
import Testing

@Suite struct SimplifyTests {
    @Test func keepsEndpointsAndFarVertices() {
        let line = [Coordinate(0, 0), Coordinate(10, 0.4), Coordinate(20, -0.3), Coordinate(30, 8), Coordinate(40, 0.2), Coordinate(50, 0)]
        var out: [Coordinate] = []
        Simplify.douglasPeucker(line[...], tolerance: 1, into: &out)
        // Worked by hand: (30, 8) is 8 from the chord; then (20, −0.3) is 5.4 from (0, 0)–(30, 8) and (40, 0.2)
        // 3.5 from (30, 8)–(50, 0); (10, 0.4) is only 0.55 from (0, 0)–(20, −0.3).
        let expected = [Coordinate(0, 0), Coordinate(20, -0.3), Coordinate(30, 8), Coordinate(40, 0.2), Coordinate(50, 0)]
        #expect(out == expected)
    }

    @Test func straightLineCollapsesToItsEndpoints() {
        let line = (0...100).map { Coordinate(Double($0), 0.001 * Double($0 % 3)) }
        let g = TileGeometry(.lineString(line), transform: { $0 }).simplified(tolerance: 0.5)
        #expect(g.coordinates == [line.first!, line.last!])
    }

    @Test func zeroToleranceKeepsEverything() {
        let g = TileGeometry(.lineString([Coordinate(0, 0), Coordinate(1, 0), Coordinate(2, 0)]), transform: { $0 })
        #expect(g.simplified(tolerance: 0) == g)
    }

    @Test func ringsKeepFourPointsOrAreDropped() {
        let square = ring([(0, 0), (100, 0), (100, 100), (0, 100)])
        let sliver = ring([(200, 0), (300, 0), (300, 0.5), (200, 0.5)])
        let hole = ring([(10, 10), (10, 20), (20, 20), (20, 10)])
        let g = TileGeometry(.multiPolygon([[square, hole], [sliver]]), transform: { $0 }).simplified(tolerance: 2)
        let kept = (0..<g.partCount).map { Array(g.part($0)) }
        #expect(kept == [square, hole])
        #expect(g.isExterior == [true, false])
        for r in kept { #expect(r.count >= 4 && r.first == r.last) }
    }

    @Test func droppedExteriorTakesItsHoles() {
        let sliver = ring([(0, 0), (300, 0), (300, 1), (0, 1)])
        let hole = ring([(10, 0.2), (10, 0.8), (20, 0.8), (20, 0.2)])
        #expect(TileGeometry(.polygon([sliver, hole]), transform: { $0 }).simplified(tolerance: 2).isEmpty)
    }

    @Test func toleranceByZoom() {
        #expect(Simplify.tolerance(zoom: 10) == 8)
        #expect(Simplify.tolerance(zoom: 10, pixels: 0.5) == 4)
        #expect(Simplify.tolerance(zoom: 16) == 0)
        #expect(Simplify.tolerance(zoom: 20, detailZoom: 22) == 8)
    }

    @Test func longRingDoesNotRecurse() {
        let n = 200_000
        let circle = (0..<n).map { i in
            let a = Double(i) / Double(n) * 2 * .pi
            return Coordinate(1000 * cos(a), 1000 * sin(a))
        }
        let g = TileGeometry(.polygon([circle + [circle[0]]]), transform: { $0 }).simplified(tolerance: 1)
        #expect(g.coordinates.count > 20 && g.coordinates.count < 200)
    }
}
