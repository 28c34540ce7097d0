import Testing
import HTTP

/// Escaping text from requests for one-line logs.
struct LogTextTests {
    @Test func fieldsEscapeControlCharactersBackslashesAndQuotes() {
        #expect(LogText.escaped("/tiles/a b/1.mvt") == "/tiles/a b/1.mvt")
        #expect(LogText.escaped("/a\n127.0.0.1 \"GET /x\" 200") == #"/a\n127.0.0.1 \"GET /x\" 200"#)
        #expect(LogText.escaped("\r\t\u{0}\u{1b}\u{7f}\u{85}") == #"\r\t\x00\x1B\x7F\x85"#)
        #expect(LogText.escaped(#"C:\x"#) == #"C:\\x"#)
        #expect(LogText.escaped("é\u{2028}中") == #"é\u2028中"#)
    }

    @Test func linesEscapeControlCharactersOnly() {
        let line = "auth: rejected bearer token from 127.0.0.1:5 for POST /a\nauth: rejected \"x\" \\"
        #expect(LogText.escapingControlCharacters(line) == #"auth: rejected bearer token from 127.0.0.1:5 for POST /a\nauth: rejected "x" \"#)
        #expect(!LogText.escapingControlCharacters(line).contains("\n"))
    }
}
