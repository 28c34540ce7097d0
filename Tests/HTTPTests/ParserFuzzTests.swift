import TestSupport
import Testing
@testable import HTTP

/// Seeded random mutations of valid requests: the parser must never trap, and where it parses a request the
/// way the bytes were split across reads must not matter.
struct ParserFuzzTests {
    static let seeds: [String] = [
        "GET /tiles/risks/12/3428/1673.mvt?x=1&y=%20 HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n",
        "POST /collections/risks/items HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n{\"a\":[1,2]}",
        "PUT /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\n0\r\nT: v\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.0\r\n\r\n",
    ]

    /// Every request and the error, parsed with reads split at the given offsets.
    func outcome(_ bytes: [UInt8], cuts: [Int], limits: ParserLimits) -> ([String], Int?) {
        var parser = RequestParser(limits: limits)
        var input = InputBuffer()
        var out: [String] = []
        var start = 0
        for end in cuts + [bytes.count] where end >= start {
            input.append(Array(bytes[start..<end]))
            start = end
            do {
                while let parsed = try parser.next(&input) {
                    guard case .request(let r) = parsed else { continue }
                    out.append("\(r.method) \(r.target) \(r.headers.count) \(r.body) \(r.trailers.count)")
                }
            } catch {
                return (out, error.status.code)
            }
        }
        return (out, nil)
    }

    @Test func mutatedRequestsNeverTrapAndSplitsDoNotMatter() {
        var rng = SplitMix64(seed: 20261124)
        var limits = ParserLimits()
        limits.maxHeaderBytes = 512
        limits.maxBodyBytes = 64
        limits.maxTargetBytes = 128
        let alphabet: [UInt8] = Array(" :;\r\n\t0aZ/%?&=-".utf8) + [0, 0x7F, 0xFF]
        for i in 0..<4000 {
            var bytes = Array(Self.seeds[i % Self.seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = alphabet.randomElement(using: &rng)!
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(alphabet.randomElement(using: &rng)!, at: at)
                default: bytes.insert(contentsOf: bytes[at...].prefix(Int.random(in: 1...20, using: &rng)), at: at)
                }
                if bytes.isEmpty { bytes = [0x47] }
            }
            let whole = outcome(bytes, cuts: [], limits: limits)
            let cuts = (0..<3).map { _ in Int.random(in: 0...bytes.count, using: &rng) }.sorted()
            let split = outcome(bytes, cuts: cuts, limits: limits)
            #expect(whole.0 == split.0, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            if let status = whole.1 {
                #expect([400, 413, 414, 417, 431, 501, 505].contains(status))
            }
        }
    }
}
