import Foundation
import Import
import Testing

@Suite struct TextDecodingTests {
    /// Splits `bytes` into chunks of `size` (the last may be shorter).
    static func chunks(_ bytes: [UInt8], _ size: Int) -> [[UInt8]] {
        stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
    }

    static func gb18030(_ text: String) throws -> [UInt8] {
        // iconv itself, the other way, gives the reference bytes.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        p.arguments = ["-f", "UTF-8", "-t", "GB18030"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Array(data)
    }

    /// Two-byte (汉字) and four-byte (€ is 0x81 0x30 0x84 0x30 in GB18030, 😀 beyond the BMP) characters cut at
    /// every possible place between chunks decode to the same text.
    @Test(arguments: [1, 2, 3, 5, 4096]) func charactersSplitAcrossChunksDecode(size: Int) throws {
        let text = "序号,企业名称,风险等级\r\n1,\"苏州€化工, 有限公司\",重大风险😀\r\n"
        let bytes = try Self.gb18030(text)
        #expect(bytes.count < text.utf8.count, "GB18030 should be shorter than UTF-8 for mostly Chinese text")
        let decoder = try GB18030Decoder()
        var out: [UInt8] = []
        for c in Self.chunks(bytes, size) { out += try decoder.decode(c, final: false) }
        out += try decoder.decode([], final: true)
        #expect(String(decoding: out, as: UTF8.self) == text)
    }

    @Test func invalidAndTruncatedInputAreErrorsWithTheirOffset() throws {
        let bad = try GB18030Decoder()
        do {
            _ = try bad.decode([0x41, 0x42, 0xFF, 0x43], final: true)
            Issue.record("0xFF was accepted")
        } catch {
            #expect("\(error)".contains("byte 2 is not valid GB18030"), "\(error)")
        }
        let truncated = try GB18030Decoder()
        _ = try truncated.decode([0x41, 0xD6], final: false)
        #expect(throws: ImportError.self) { try truncated.decode([], final: true) }
    }

    @Test func encodingIsDetectedFromTheStartOfTheFile() throws {
        #expect(TextEncoding.detect(Array("name,名称\n".utf8)) == .utf8)
        #expect(TextEncoding.detect(try Self.gb18030("name,名称\n")) == .gb18030)
        // A UTF-8 character cut off by the end of the sample is still UTF-8.
        #expect(TextEncoding.detect(Array(Array("名称".utf8).dropLast())) == .utf8)
        let sample = try Data(contentsOf: URL(fileURLWithPath: Samples.cleanRegister)).prefix(4096)
        #expect(TextEncoding.detect(Array(sample)) == .gb18030)
    }

    @Test(arguments: [1, 2, 7]) func csvRecordsSurviveAnyChunking(size: Int) throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x,\"\"y\"\"\r\nz\",3\n\n4,,\r5,6,7"
        var chunks = Self.chunks(Array(text.utf8), size)[...]
        var reader = CSVReader { chunks.popFirst() }
        var records: [CSVRecord] = []
        while let r = try reader.next() { records.append(r) }
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x,\"y\"\r\nz", "3"], ["4", "", ""], ["5", "6", "7"]])
        #expect(records.map(\.line) == [1, 2, 5, 6])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsKeptButAStrayQuoteAfterAQuotedFieldIsAnError() throws {
        var ok = CSVReader { nil }
        #expect(try ok.next() == nil)
        var chunks = [Array("a,b\"c\n\"d\"e,f\n".utf8)][...]
        var reader = CSVReader { chunks.popFirst() }
        #expect(try reader.next()?.fields == ["a", "b\"c"])
        #expect(throws: CSVError.self) { try reader.next() }
    }
}
