import Foundation
@testable import Service
import Testing

/// The labels' glyphs over a real server, read back with a decoder of the tests' own (protocol-buffer wire
/// format): the glyphs of a Latin and a CJK range with their metrics, each bitmap a distance field of the glyph's
/// size plus a 3-pixel border; bad range names are 404s.
@Suite struct FontAPITests {
    struct Glyph { var id = 0, width = 0, height = 0, left = 0, top = 0, advance = 0, bitmap = 0 }

    static func varint(_ b: [UInt8], _ i: inout Int) -> Int {
        var value = 0, shift = 0
        while true {
            let c = Int(b[i]); i += 1
            value |= (c & 0x7f) << shift
            shift += 7
            if c < 0x80 { return value }
        }
    }

    /// (field, varint or bytes) pairs of one message.
    static func fields(_ b: [UInt8]) -> [(Int, Int, [UInt8])] {
        var out: [(Int, Int, [UInt8])] = []
        var i = 0
        while i < b.count {
            let key = varint(b, &i)
            if key & 7 == 0 {
                out.append((key >> 3, varint(b, &i), []))
            } else {
                let n = varint(b, &i)
                out.append((key >> 3, 0, Array(b[i..<(i + n)])))
                i += n
            }
        }
        return out
    }

    static func glyphs(_ body: [UInt8]) -> (name: String, range: String, glyphs: [Glyph]) {
        var name = "", range = "", glyphs: [Glyph] = []
        for (_, _, stack) in fields(body) {
            for (f, _, bytes) in fields(stack) {
                if f == 1 { name = String(decoding: bytes, as: UTF8.self) }
                if f == 2 { range = String(decoding: bytes, as: UTF8.self) }
                guard f == 3 else { continue }
                var g = Glyph()
                for (k, v, data) in fields(bytes) {
                    switch k {
                    case 1: g.id = v
                    case 2: g.bitmap = data.count
                    case 3: g.width = v
                    case 4: g.height = v
                    case 5: g.left = (v >> 1) ^ -(v & 1)
                    case 6: g.top = (v >> 1) ^ -(v & 1)
                    default: g.advance = v
                    }
                }
                glyphs.append(g)
            }
        }
        return (name, range, glyphs)
    }

    @Test func glyphRangesAreDistanceFieldsWithMetrics() throws {
        let server = try TestServer(demo: false)
        let latin = server.get("/fonts/riskmap-sans/0-255.pbf")
        #expect(latin.status == 200 && latin.headers["content-type"] == "application/x-protobuf")
        let l = Self.glyphs(Array(latin.body))
        #expect(l.name == "riskmap-sans" && l.range == "0-255")
        let a = try #require(l.glyphs.first { $0.id == 65 })
        #expect(a.width > 8 && a.height > 12 && a.advance > 8 && a.bitmap == (a.width + 6) * (a.height + 6), "\(a)")
        let space = try #require(l.glyphs.first { $0.id == 32 })
        #expect(space.bitmap == 0 && space.advance > 0)
        // 州 (U+5DDE) from the range 23808-24063, a full-width ideograph.
        let cjk = Self.glyphs(Array(server.get("/fonts/Any%20Stack/23808-24063.pbf").body))
        let zhou = try #require(cjk.glyphs.first { $0.id == 0x5DDE })
        #expect(cjk.name == "Any Stack" && zhou.advance >= 20 && zhou.bitmap == (zhou.width + 6) * (zhou.height + 6), "\(zhou)")
        #expect(cjk.glyphs.count > 200)
        for bad in ["0-254.pbf", "1-256.pbf", "65536-65791.pbf", "0-255.png", "a-b.pbf"] {
            #expect(server.get("/fonts/riskmap-sans/\(bad)").status == 404, "\(bad)")
        }
        #expect(server.get("/style.json").object["glyphs"] as? String == server.base + "/fonts/{fontstack}/{range}.pbf")
    }
}


/// A server without a font serves the style without its label layers and glyphs URL (MapLibre would fail on
/// every label otherwise), the other layers untouched and in order.
@Suite struct StyleWithoutFontTests {
    @Test func theStyleLosesOnlyItsLabels() throws {
        let text = try String(contentsOfFile: "tiles/style.json", encoding: .utf8)
        let full = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        let stripped = try JSONSerialization.jsonObject(with: Data(Routes.withoutLabels(text).utf8)) as? [String: Any] ?? [:]
        let all = (full["layers"] as? [[String: Any]] ?? []).map { ($0["id"] as? String ?? "", $0["type"] as? String ?? "") }
        #expect(all.contains { $0.1 == "symbol" } && full["glyphs"] != nil)
        #expect((stripped["layers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == all.filter { $0.1 != "symbol" }.map(\.0))
        #expect(stripped["glyphs"] == nil && stripped["sources"] != nil)
    }
}
