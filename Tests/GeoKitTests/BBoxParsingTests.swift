import GeoKit
import Testing

/// The one lon/lat box parser behind `bbox=` and `--bbox`.
@Suite struct BBoxParsingTests {
    @Test func readsFourOrSixNumbers() throws {
        #expect(try BBox(lonLatText: "120.5,31,121, 31.5") == BBox(minX: 120.5, minY: 31, maxX: 121, maxY: 31.5))
        #expect(try BBox(lonLatText: "120,31,0,121,32,100") == BBox(minX: 120, minY: 31, maxX: 121, maxY: 32))
        #expect(try BBox(lonLatText: "120,31,120,31") == BBox(minX: 120, minY: 31, maxX: 120, maxY: 31))
    }

    /// `120,x,31,121,32` once passed the CLI as the four numbers 120,31,121,32: a part that is not a number
    /// must refuse the box, not be skipped.
    @Test(arguments: ["120,x,31,121,32", "120,31,121", "120,31,121,32,1", "120,,31,121,32", "120,nan,121,32", "120,31,inf,32", "", "a,b,c,d"])
    func refusesWhatIsNotFourNumbers(_ text: String) {
        #expect(throws: BBoxParseError.self) { try BBox(lonLatText: text) }
    }

    @Test(arguments: ["-181,0,0,1", "0,-91,1,0", "0,0,181,1", "121,31,120,32", "120,32,121,31"])
    func refusesBoxesOutsideTheWorldOrUpsideDown(_ text: String) {
        #expect(throws: BBoxParseError.self) { try BBox(lonLatText: text) }
    }
}
