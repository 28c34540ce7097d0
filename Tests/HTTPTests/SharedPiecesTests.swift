import JSONText
import Monotonic
import Testing
@testable import HTTP

/// The pieces HTTP shares with the rest of riskmap instead of keeping its own copies: problem+json strings
/// escaped by JSONText, and the one monotonic clock.
@Suite struct SharedPiecesTests {
    @Test func problemDetailsAreEscapedByTheSharedEscaper() {
        let detail = "bad \"value\"\n\u{1}\\ 风险"
        var escaped: [UInt8] = []
        JSONString.append(utf8: detail.utf8, to: &escaped)
        let body = String(decoding: Problem.json(type: "about:blank", title: "Bad Request", status: 400, detail: detail), as: UTF8.self)
        #expect(body == #"{"type":"about:blank","title":"Bad Request","status":400,"detail":"# + String(decoding: escaped, as: UTF8.self) + "}")
    }

    @Test func theClockNeverGoesBackAndAgreesWithItself() {
        var last = MonotonicClock.nanoseconds()
        for _ in 0..<1000 {
            let now = MonotonicClock.nanoseconds()
            #expect(now >= last)
            last = now
        }
        let s = MonotonicClock.seconds(), ns = MonotonicClock.nanoseconds()
        #expect(abs(Double(ns) / 1e9 - s) < 0.5)
    }
}
