import Glibc

/// Text encodings of the files riskmap imports. Chinese registers are usually GB18030 (Excel's "CSV" on a
/// Chinese Windows); everything else is UTF-8.
public enum TextEncoding: String, Sendable {
    case utf8 = "utf-8"
    case gb18030

    public init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030  // GB18030 is a superset of GBK and GB2312
        default: return nil
        }
    }

    /// UTF-8 when `sample` (the start of a file) is valid UTF-8, allowing one character cut off at its end; else
    /// GB18030, whose double-byte characters are almost never valid UTF-8.
    public static func detect(_ sample: [UInt8]) -> TextEncoding {
        var i = 0
        while i < sample.count {
            let b = sample[i]
            let n: Int
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: n = 1
            case 0xE0...0xEF: n = 2
            case 0xF0...0xF4: n = 3
            default: return .gb18030
            }
            for k in 1...n {
                guard i + k < sample.count else { return .utf8 }
                guard sample[i + k] & 0xC0 == 0x80 else { return .gb18030 }
            }
            i += n + 1
        }
        return .utf8
    }
}

/// Converts GB18030 text to UTF-8 with iconv (glibc), chunk by chunk: a character split across two chunks is
/// carried over to the next call.
public final class GB18030Decoder {
    private let cd: iconv_t
    private var pending: [UInt8] = []
    private var consumed = 0

    public init() throws {
        cd = iconv_open("UTF-8", "GB18030")
        guard Int(bitPattern: cd) != -1 else { throw ImportError("iconv cannot convert GB18030: \(String(cString: strerror(errno)))") }
    }

    deinit { iconv_close(cd) }

    /// The UTF-8 for `chunk`; pass `final` with the last chunk (possibly empty) so a truncated character is an error.
    public func decode(_ chunk: [UInt8], final: Bool) throws -> [UInt8] {
        var input = pending + chunk
        pending = []
        guard !input.isEmpty else { return [] }
        // A GB18030 character of 2 or 4 bytes becomes at most 4 UTF-8 bytes; ASCII stays 1:1.
        var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
        var failure: Int32 = 0
        var inLeft = input.count
        var outLeft = output.count
        input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { failure = errno }
            }
        }
        let used = input.count - inLeft
        defer { consumed += used }
        switch failure {
        case 0: break
        case EINVAL where !final: pending = Array(input[used...])
        case EINVAL: throw ImportError("the file ends inside a GB18030 character (byte \(consumed + used))")
        default:
            throw ImportError("byte \(consumed + used) is not valid GB18030 (0x\(String(input[used], radix: 16))); is the file in another encoding?")
        }
        output.removeSubrange((output.count - outLeft)...)
        return output
    }
}

/// Converts UTF-8 to GB18030 with iconv, for CSV a bureau's older spreadsheets open. Whole lines are given, so no
/// character is ever split; every Unicode character has a GB18030 form, so conversion cannot fail on valid UTF-8.
public final class GB18030Encoder {
    private let cd: iconv_t

    public init() throws {
        cd = iconv_open("GB18030", "UTF-8")
        guard Int(bitPattern: cd) != -1 else { throw ImportError("iconv cannot convert to GB18030: \(String(cString: strerror(errno)))") }
    }

    deinit { iconv_close(cd) }

    public func encode(_ utf8: [UInt8]) throws -> [UInt8] {
        guard !utf8.isEmpty else { return [] }
        var input = utf8
        // A UTF-8 character of 1–4 bytes becomes 1, 2 or 4 GB18030 bytes: never more than its UTF-8.
        var output = [UInt8](repeating: 0, count: input.count + 8)
        var inLeft = input.count, outLeft = output.count
        var failure: Int32 = 0
        input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { failure = errno }
            }
        }
        guard failure == 0 else { throw ImportError("cannot write GB18030: \(String(cString: strerror(failure)))") }
        output.removeSubrange((output.count - outLeft)...)
        return output
    }
}
