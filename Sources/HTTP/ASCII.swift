/// Byte classes from RFC 9110 and RFC 3986, for parsing without building Strings.
enum ASCII {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }

    /// tchar: the bytes allowed in methods and header names.
    static let isTokenTable: [Bool] = (0..<256).map { b in
        let c = UInt8(b)
        if (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) { return true }
        return "!#$%&'*+-.^_`|~".utf8.contains(c)
    }

    @inline(__always) static func isToken(_ b: UInt8) -> Bool { isTokenTable[Int(b)] }

    /// field-vchar, SP or HTAB, or obs-text: what a header value may hold.
    @inline(__always) static func isFieldValue(_ b: UInt8) -> Bool { b == tab || (b >= 0x20 && b != 0x7F) }

    /// A byte allowed in a request target: visible ASCII.
    @inline(__always) static func isTarget(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F }

    @inline(__always) static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 48...57: Int(b - 48)
        case 65...70: Int(b - 55)
        case 97...102: Int(b - 87)
        default: nil
        }
    }
}
