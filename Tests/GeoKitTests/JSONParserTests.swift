import GeoKit
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let v = try JSONParser.parse(#" {"a": [1, -2, 3.5, -0.25e2, 1E3, true, false, null], "b": {"c": "d\"e\\f\n\u00e9\ud83d\ude00"}, "e": ""} "#)
        #expect(v["a"] == .array([.integer(1), .integer(-2), .number(3.5), .number(-25), .number(1000), .bool(true), .bool(false), .null]))
        #expect(v["b"]?["c"] == .string("d\"e\\f\né😀"))
        #expect(v["e"] == .string(""))
        #expect(try JSONParser.parse("\u{FEFF}[\"风险\"]") == .array([.string("风险")]))
    }

    /// Coordinates must read back as exactly the Double that prints as the same text.
    @Test func decimalsAreCorrectlyRounded() throws {
        let texts = ["120.603727", "31.313377", "0.1", "-179.99999999999997", "1.7976931348623157e308", "5e-324",
                     "2.2250738585072014e-308", "9007199254740993", "123456789012345678901234567890", "0.000001234567890123456789"]
        for t in texts {
            let v = try JSONParser.parse(t)
            #expect(v.doubleValue == Double(t), "\(t)")
        }
        #expect(try JSONParser.parse("9223372036854775807") == .integer(.max))
        #expect(try JSONParser.parse("-9223372036854775807") == .integer(-.max))
        #expect(try JSONParser.parse("9223372036854775808") == .number(9223372036854775808))
    }

    @Test func errorsGiveTheOffsetAndReason() {
        let cases: [(String, Int, String)] = [
            ("[1, 2", 5, "unexpected end of input"), ("{\"a\" 1}", 5, "expected ':'"), ("[01]", 1, "must not start with 0"),
            ("[1.]", 3, "digits must follow"), ("\"a\u{1}\"", 2, "control character"), ("[1] x", 4, "after the JSON value"),
            ("{\"a\":tru}", 5, "unexpected character"), ("[\"\\x\"]", 3, "invalid escape"), ("[1e999]", 1, "out of range"),
            ("{\"a\":1,\"b\":2,\"a\":3}", 13, "appears twice"),
        ]
        for (text, offset, reason) in cases {
            #expect(throws: JSONParseError.self, "\(text)") { try JSONParser.parse(text) }
            do {
                _ = try JSONParser.parse(text)
            } catch {
                #expect(error.offset == offset, "\(text): \(error)")
                #expect(error.reason.contains(reason), "\(text): \(error)")
            }
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func writerAndParserRoundTrip() throws {
        let v = JSONValue.object(["name": .string("苏州 \"一\"\n"), "n": .integer(-7), "x": .number(120.603727), "l": .array([.null, .bool(true)])])
        var w = JSONWriter()
        w.json(v)
        #expect(try JSONParser.parse(w.bytes) == v)
    }
}

@Suite struct GeoJSONReaderTests {
    @Test func decodesEveryGeometryKind() throws {
        let square = [[0.0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
        let ring = square.map { Coordinate($0[0], $0[1]) }
        func g(_ type: String, _ coordinates: String) throws -> Geometry {
            try GeoJSON.geometry(bytes: Array("{\"type\":\"\(type)\",\"coordinates\":\(coordinates)}".utf8))
        }
        #expect(try g("Point", "[120.5, 31.25, 12]") == .point(Coordinate(120.5, 31.25)))
        #expect(try g("LineString", "[[0,0],[1,1]]") == .lineString([Coordinate(0, 0), Coordinate(1, 1)]))
        #expect(try g("Polygon", "[\(square)]") == .polygon([ring]))
        #expect(try g("MultiPoint", "[[0,0]]") == .multiPoint([Coordinate(0, 0)]))
        #expect(try g("MultiLineString", "[[[0,0],[1,1]]]") == .multiLineString([[Coordinate(0, 0), Coordinate(1, 1)]]))
        #expect(try g("MultiPolygon", "[[\(square)]]") == .multiPolygon([[ring]]))
    }

    @Test func errorsSayWhatIsWrong() {
        let cases: [(String, String)] = [
            (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#, "Polygon ring 0 is not closed"),
            (#"{"type":"Point","coordinates":["120","31"]}"#, "coordinates must be numbers"),
            (#"{"type":"LineString","coordinates":[[0,0]]}"#, "LineString needs at least 2 positions"),
            (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#, "needs at least 4 positions"),
            (#"{"type":"Circle","coordinates":[0,0]}"#, "unknown geometry type \"Circle\""),
            (#"{"type":"GeometryCollection","geometries":[]}"#, "GeometryCollection is not supported"),
            (#"{"type":"Point"}"#, "Point needs coordinates"),
        ]
        for (text, reason) in cases {
            do {
                _ = try GeoJSON.geometry(bytes: Array(text.utf8))
                Issue.record("\(text) was accepted")
            } catch {
                #expect("\(error)".contains(reason), "\(text): \(error)")
            }
        }
    }

    @Test func decodesAFeatureWithItsIdAndProperties() throws {
        let f = try GeoJSON.feature(bytes: Array(#"{"type":"Feature","id":"a1","geometry":null,"properties":{"name":"医院","beds":500}}"#.utf8))
        #expect(f.id == .string("a1"))
        #expect(f.geometry == nil)
        #expect(f.properties == ["name": .string("医院"), "beds": .integer(500)])
        #expect(throws: GeoJSON.DecodeError.self) { try GeoJSON.feature(.object(["type": .string("Feature")])) }
    }
}

@Suite struct GeoJSONFeatureStreamTests {
    static let collection = """
        {"name": "test", "features": [
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"s": "a,]}\\"[{"}},
          {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0.5]]]}, "properties": {}},
          {"type": "Feature", "geometry": null, "properties": {"n": 3}}
        ], "type": "FeatureCollection", "bbox": [0, 0, 1, 2]}
        """

    /// Feeds `text` in chunks of `size` bytes.
    static func stream(_ text: String, chunk size: Int) -> GeoJSONFeatureStream {
        var rest = Array(text.utf8)[...]
        return GeoJSONFeatureStream {
            guard !rest.isEmpty else { return nil }
            defer { rest = rest.dropFirst(size) }
            return Array(rest.prefix(size))
        }
    }

    static func collect(_ s: inout GeoJSONFeatureStream) throws -> [GeoJSONFeatureStream.Item] {
        var out: [GeoJSONFeatureStream.Item] = []
        while let item = try s.next() { out.append(item) }
        return out
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1 << 20]) func chunkBoundariesDoNotMatter(size: Int) throws {
        var s = Self.stream(Self.collection, chunk: size)
        let items = try Self.collect(&s)
        #expect(items.map(\.number) == [1, 2, 3])
        #expect(try items[0].result.get().properties["s"] == .string("a,]}\"[{"))
        #expect(try items[0].result.get().geometry == .point(Coordinate(1, 2)))
        #expect(throws: GeoJSON.DecodeError("Polygon ring 0 is not closed")) { try items[1].result.get() }
        #expect(try items[2].result.get().properties["n"] == .integer(3))
    }

    @Test func aSingleFeatureOrGeometryIsOneItem() throws {
        var f = Self.stream(#"{"properties": {"a": 1}, "geometry": {"type": "Point", "coordinates": [3, 4]}, "type": "Feature"}"#, chunk: 5)
        let items = try Self.collect(&f)
        #expect(items.count == 1)
        #expect(try items[0].result.get().properties["a"] == .integer(1))
        var g = Self.stream(#"{"type": "Point", "coordinates": [3, 4]}"#, chunk: 5)
        #expect(try g.next()?.result.get().geometry == .point(Coordinate(3, 4)))
        var empty = Self.stream(#"{"type": "FeatureCollection", "features": []}"#, chunk: 4)
        #expect(try empty.next() == nil)
    }

    @Test func syntaxErrorsStopTheStreamWithTheirOffset() throws {
        var s = Self.stream(#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {}} {"#, chunk: 8)
        #expect(try s.next()?.number == 1)
        do {
            _ = try s.next()
            Issue.record("a missing comma was accepted")
        } catch let e as JSONParseError {
            #expect(e.reason.contains("expected ',' or ']'"))
            #expect(e.offset == 99, "\(e)")  // the "{" after the first feature
        }
        var truncated = Self.stream(#"{"features": [{"type": "Feature", "geometry": null, "prop"#, chunk: 8)
        #expect(throws: JSONParseError.self) { _ = try Self.collect(&truncated) }
    }

    /// The stream holds one chunk and the feature being read, never the document.
    @Test func memoryStaysBoundedOnALargeCollection() throws {
        var text = "{\"type\":\"FeatureCollection\",\"features\":["
        for i in 0..<20_000 {
            if i > 0 { text += "," }
            text += "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(i),1]},\"properties\":{\"i\":\(i)}}"
        }
        text += "]}"
        var s = Self.stream(text, chunk: 4096)
        var n = 0
        while let item = try s.next() {
            n += 1
            #expect(try item.result.get().properties["i"] == .integer(Int64(n - 1)))
        }
        #expect(n == 20_000)
        #expect(s.peakBufferedBytes < 2 * 4096, "peak \(s.peakBufferedBytes) for a \(text.utf8.count)-byte document")
    }
}

@Suite struct WKTTests {
    @Test func roundTripsEveryKind() throws {
        let ring = [Coordinate(120.1, 31.2), Coordinate(120.2, 31.2), Coordinate(120.2, 31.3), Coordinate(120.1, 31.2)]
        let geometries: [Geometry] = [.point(Coordinate(120.603727, 31.313377)), .lineString(ring), .polygon([ring]), .multiPoint(ring),
                                      .multiLineString([ring, ring]), .multiPolygon([[ring], [ring, ring]])]
        for g in geometries { #expect(try WKT.decode(WKT.encode(g)) == g, "\(WKT.encode(g))") }
        #expect(try WKT.decode("multipoint z ((1 2 3), (4 5 6))") == .multiPoint([Coordinate(1, 2), Coordinate(4, 5)]))
        #expect(try WKT.decode("MULTIPOINT (1 2, 4 5)") == .multiPoint([Coordinate(1, 2), Coordinate(4, 5)]))
        #expect(throws: WKT.DecodeError.self) { try WKT.decode("POINT EMPTY") }
        #expect(throws: WKT.DecodeError.self) { try WKT.decode("POINT (1 x)") }
        #expect(throws: WKT.DecodeError.self) { try WKT.decode("POINT (1 2) extra") }
    }
}
