import GeoKit
import Projection
import Testing

/// A WGS 84 / GCJ-02 pair published by someone else, with where it was published.
struct ReferencePair: CustomTestStringConvertible, Sendable {
    let place: String
    let wgs: Coordinate
    let gcj: Coordinate
    let source: String
    /// How closely the pair should agree with the published formula, in metres.
    var tolerance = 0.01

    var testDescription: String { "\(place) (\(source))" }
}

/// Reference pairs from three independent public projects (values copied as published, lon/lat order here):
/// - eviltransform: github.com/googollee/eviltransform, go/transform_test.go (`tests`, given as lat, lng).
/// - gcoord: github.com/hujiulong/gcoord, test/fixtures/china-cities.json (WGS84 and GCJ02 of city centres,
///   rounded to 7 decimals, ~1 cm). Its pairs sit a steady 0.65–0.67 m from the formula, as if produced by a map
///   service rather than the formula, so they are held to 1 m; the formula-made pairs of the others to 1 cm.
/// - coordtransform: github.com/wandergis/coordtransform, test/app.js (the printed `wgs84togcj02` result).
let referencePairs: [ReferencePair] = [
    ReferencePair(place: "Shanghai", wgs: Coordinate(121.5272106, 31.1774276),
                  gcj: Coordinate(121.531541859215, 31.17530398364597), source: "eviltransform"),
    ReferencePair(place: "Shenzhen", wgs: Coordinate(113.912316, 22.543847),
                  gcj: Coordinate(113.9171764808363, 22.540796131694766), source: "eviltransform"),
    ReferencePair(place: "Beijing", wgs: Coordinate(116.377817, 39.911954),
                  gcj: Coordinate(116.38404722455657, 39.91334545536069), source: "eviltransform"),
    ReferencePair(place: "Taizhou, Jiangsu", wgs: Coordinate(119.9183831, 32.4580023),
                  gcj: Coordinate(119.9231242, 32.4557802), source: "gcoord", tolerance: 1),
    ReferencePair(place: "Nagqu, Tibet", wgs: Coordinate(92.0499619, 31.4784436),
                  gcj: Coordinate(92.0512438, 31.4762063), source: "gcoord", tolerance: 1),
    ReferencePair(place: "Shenyang", wgs: Coordinate(123.4253306, 41.8032629),
                  gcj: Coordinate(123.4314787, 41.8057023), source: "gcoord", tolerance: 1),
    ReferencePair(place: "Qinzhou, Guangxi", wgs: Coordinate(108.6503952, 21.9828281),
                  gcj: Coordinate(108.6541485, 21.9799392), source: "gcoord", tolerance: 1),
    ReferencePair(place: "Xilinhot", wgs: Coordinate(116.0414035, 43.9312805),
                  gcj: Coordinate(116.0482308, 43.9334573), source: "gcoord", tolerance: 1),
    ReferencePair(place: "Beijing, Tiananmen", wgs: Coordinate(116.404, 39.915),
                  gcj: Coordinate(116.41024449916938, 39.91640428150164), source: "coordtransform"),
]

@Suite struct GCJ02Tests {
    @Test(arguments: referencePairs)
    func forwardMatchesPublishedPair(_ pair: ReferencePair) {
        let gcj = GCJ02.fromWGS84(pair.wgs)
        #expect(metres(gcj, pair.gcj) < pair.tolerance, "WGS84→GCJ-02 at \(pair.place): got \(gcj), published \(pair.gcj)")
    }

    @Test(arguments: referencePairs)
    func inverseMatchesPublishedPair(_ pair: ReferencePair) {
        let wgs = GCJ02.toWGS84(pair.gcj)
        #expect(metres(wgs, pair.wgs) < pair.tolerance, "GCJ-02→WGS84 at \(pair.place): got \(wgs), published \(pair.wgs)")
    }

    /// The iterative inverse undoes the forward offset to micrometres over a lattice across China, where the
    /// one-step inverse would be metres off.
    @Test func roundTripAcrossChina() {
        var worst = 0.0
        for lon in stride(from: 73.5, through: 135.0, by: 0.73) {
            for lat in stride(from: 18.0, through: 53.5, by: 0.61) {
                let wgs = Coordinate(lon, lat)
                let back = GCJ02.toWGS84(GCJ02.fromWGS84(wgs))
                worst = max(worst, metres(wgs, back))
            }
        }
        #expect(worst < 1e-6, "worst round-trip error \(worst) m")
    }

    /// Better than 1e-7° in each axis, where the common one-step inverse (gcj − offset at gcj) is not.
    @Test func inverseWithin1e7DegreesWhereOneStepIsNot() {
        var worstIterated = 0.0
        var worstOneStep = 0.0
        for wgs in referencePairs.map(\.wgs) + [Coordinate(120.6, 31.3)] {
            let gcj = GCJ02.fromWGS84(wgs)
            let iterated = GCJ02.toWGS84(gcj)
            let shifted = GCJ02.fromWGS84(gcj)
            let oneStep = Coordinate(2 * gcj.x - shifted.x, 2 * gcj.y - shifted.y)
            worstIterated = max(worstIterated, abs(iterated.x - wgs.x), abs(iterated.y - wgs.y))
            worstOneStep = max(worstOneStep, abs(oneStep.x - wgs.x), abs(oneStep.y - wgs.y))
        }
        #expect(worstIterated < 1e-7)
        #expect(worstOneStep > 1e-6, "the one-step inverse is the baseline this test is meant to beat")
    }

    @Test(arguments: [Coordinate(-0.1276, 51.5072), Coordinate(139.6917, 35.6895), Coordinate(151.2, -33.87),
                      Coordinate(71.9, 40.0), Coordinate(100.0, 56.0), Coordinate(0, 0)])
    func outsideChinaUnchanged(_ point: Coordinate) {
        #expect(!GCJ02.isOffset(point))
        #expect(GCJ02.fromWGS84(point) == point)
        #expect(GCJ02.toWGS84(point) == point)
    }

    @Test func batchMatchesSinglePoints() {
        let wgs = referencePairs.map(\.wgs) + [Coordinate(2.35, 48.85)]
        var points = wgs
        GCJ02.fromWGS84(&points)
        #expect(points == wgs.map(GCJ02.fromWGS84))
        GCJ02.toWGS84(&points)
        for (a, b) in zip(points, wgs) { #expect(metres(a, b) < 1e-6) }
    }
}
