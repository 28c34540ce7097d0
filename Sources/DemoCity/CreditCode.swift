/// Unified social credit codes (统一社会信用代码, GB 32100-2015) with valid check characters, so that a
/// demo enterprise's code passes the same checks a real one would.
enum CreditCode {
    private static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    private static let orgWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    /// "91" (an enterprise registered with market regulation) + region code + organisation code + check.
    static func make(region: String, serial: Int) -> String {
        let body = String(String((serial &* 7_919 &+ 10_000_019) % 100_000_000).reversed())
        let padded = String(repeating: "0", count: 8 - body.count) + body
        let org = padded + String(organisationCheck(padded))
        let first17 = "91" + region + org
        return first17 + String(check(first17))
    }

    /// The 18th character for 17 leading characters.
    static func check(_ first17: String) -> Character {
        var sum = 0
        for (i, ch) in first17.enumerated() { sum += (alphabet.firstIndex(of: ch) ?? 0) * weights[i] }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// The organisation-code check character (GB 11714) for 8 digits.
    static func organisationCheck(_ digits: String) -> Character {
        var sum = 0
        for (i, ch) in digits.enumerated() { sum += Int(String(ch))! * orgWeights[i] }
        switch 11 - sum % 11 {
        case 10: return "X"
        case 11: return "0"
        case let v: return Character(String(v))
        }
    }

    static func isValid(_ code: String) -> Bool {
        code.count == 18 && code.allSatisfy { alphabet.contains($0) } && check(String(code.prefix(17))) == code.last
    }
}
