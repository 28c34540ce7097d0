import GeoKit
import JSONText
import Testing

/// The one JSON string escaper, as GeoKit's writer uses it.
@Suite struct JSONStringTests {
    @Test func escapesQuotesBackslashesAndControlCharacters() {
        var out: [UInt8] = []
        JSONString.append(utf8: "a\"b\\c\nd\re\tf\u{1}g\u{1F}h 风险 é".utf8, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""a\"b\\c\nd\re\tf\u0001g\u001fh 风险 é""#)
    }

    @Test func theWriterWritesWhatTheEscaperWrites() {
        let text = "line\u{0}\u{7F}\u{2028}\"q\"\\"
        var w = JSONWriter()
        w.string(text)
        var out: [UInt8] = []
        JSONString.append(utf8: text.utf8, to: &out)
        #expect(w.bytes == out)
    }
}
