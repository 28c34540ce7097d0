import Foundation
import GeoKit
import Testing

@Suite struct JSONWriterTests {
    @Test func escapesStringsSoFoundationReadsThemBack() throws {
        let nasty = "quote \" backslash \\ newline \n tab \t bell \u{07} 中文 😀"
        var w = JSONWriter()
        w.raw("{")
        w.key("s")
        w.string(nasty)
        w.raw("}")
        let parsed = try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String: String]
        #expect(parsed?["s"] == nasty)
    }

    @Test func numbersAreShortestAndNeverNaN() {
        var w = JSONWriter()
        for v in [1.0, 0.1, -2.5, 120.6543211, 1e21, .nan, .infinity] {
            w.number(v)
            w.raw(" ")
        }
        #expect(w.string == "1 0.1 -2.5 120.6543211 1e+21 null null ")
    }

    @Test func textWrittenOnceIsRepeated() {
        var w = JSONWriter(capacity: 4)
        w.raw("[")
        w.positions([Coordinate(8.5, 49.25), Coordinate(-1, 0.125)])
        let line = 1..<w.bytes.count
        w.raw(",")
        w.repeatText(line)
        w.raw("]")
        #expect(w.string == "[[[8.5,49.25],[-1,0.125]],[[8.5,49.25],[-1,0.125]]]")
    }

    @Test func geometriesAreGeoJSON() throws {
        var w = JSONWriter()
        w.geometry(.polygon([[Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 0)]]))
        #expect(w.string == #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#)
        _ = try JSONSerialization.jsonObject(with: Data(w.bytes))
    }

    @Test func arraysAndObjectsPutCommasOnlyBetweenItems() {
        var w = JSONWriter()
        w.object([("a", [1.0, 2.5]), ("b", []), ("c", [3])]) { w, member in
            w.key(member.0)
            w.numbers(member.1)
        }
        #expect(w.string == #"{"a":[1,2.5],"b":[],"c":[3]}"#)
        var e = JSONWriter()
        e.array([[String]]()) { w, s in w.strings(s) }
        e.strings(["x", "y\"z"])
        #expect(e.string == #"[]["x","y\"z"]"#)
    }
}
