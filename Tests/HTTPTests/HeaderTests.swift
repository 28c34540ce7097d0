import Testing
@testable import HTTP

/// Header look-ups the server makes on every answer: names compared without regard to case, and tokens found
/// in comma-separated values whatever the spacing.
@Suite struct HeaderTests {
    @Test func namesMatchWhateverTheirCase() {
        let h: HTTPHeaders = ["Content-Type": "a", "host": "x", "HOST": "y", "ETag": "\"1\""]
        #expect(h["content-type"] == "a")
        #expect(h["CONTENT-TYPE"] == "a")
        #expect(h["Content-Typ"] == nil)
        #expect(h["Content-Typf"] == nil)
        #expect(h.count(of: "Host") == 2)
        #expect(h.count(of: "Etag") == 1)
        #expect(h.count(of: "Vary") == 0)
    }

    @Test func tokensAreFoundInListsWhateverTheSpacing() {
        let h: HTTPHeaders = ["Vary": "Origin,  accept-encoding\t", "Connection": "keep-alive , Close", "Empty": "", "Commas": ",,"]
        #expect(h.containsToken("vary", "Accept-Encoding"))
        #expect(h.containsToken("Vary", "origin"))
        #expect(!h.containsToken("Vary", "Accept"))
        #expect(h.containsToken("Connection", "close"))
        #expect(h.containsToken("Connection", "keep-alive"))
        #expect(!h.containsToken("Connection", "upgrade"))
        #expect(!h.containsToken("Empty", "x"))
        #expect(!h.containsToken("Commas", "x"))
        #expect(!h.containsToken("Missing", "close"))
    }
}
