import Glibc
import Testing
@_spi(RawSQL) @testable import Store

@Suite struct TimestampTests {
    @Test func formatsAndParsesUTC() {
        #expect(Timestamp.format(epochSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.format(epochSeconds: 1_795_000_000) == "2026-11-18T11:06:40Z")
        #expect(Timestamp.parse("2026-11-18T11:06:40Z") == 1_795_000_000)
        #expect(Timestamp.parse("2024-02-29") == 1_709_164_800)
    }

    @Test func normalisesOffsetsAndFractions() {
        #expect(Timestamp.normalise("2026-11-24T16:00:00+08:00") == "2026-11-24T08:00:00Z")
        #expect(Timestamp.normalise("2026-11-24 08:00:00.250") == "2026-11-24T08:00:00Z")
        #expect(Timestamp.normalise("2026-11-24") == "2026-11-24T00:00:00Z")
    }

    @Test(arguments: ["", "2026", "2026-13-01", "2023-02-29", "2026-11-24T25:00:00Z", "2026-11-24T08:00:00+8", "yesterday", "2026-11-24T08:00:00Zjunk"])
    func rejectsWhatIsNotATimestamp(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    /// The one instant parser of `at=`, `datetime=` and `--at`: epoch seconds, now when absent, a typed error
    /// naming the text otherwise.
    @Test func instantsAreParsedOnceForEveryEdge() throws {
        #expect(try Timestamp.instant("2026-11-18T19:06:40+08:00") == 1_795_000_000)
        let before = Int64(time(nil))
        let now = try Timestamp.instant(nil as String?)
        #expect(now >= before && now <= before + 5)
        #expect(throws: InstantParseError.self) { try Timestamp.instant("yesterday") }
        do { _ = try Timestamp.instant("yesterday") } catch { #expect(error.description.contains("'yesterday' is not an RFC 3339 date-time")) }
    }
}
