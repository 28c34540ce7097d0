/// libFuzzer entry for the HTTP/1.1 request parser (Sources/HTTP): any bytes, fed in chunks of a size taken
/// from the first byte, must give requests or a problem, never a trap, a leak or an out-of-bounds access.
/// The request target's query-string parsing runs inside. Built and run by scripts/fuzz/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var limits = ParserLimits()
    limits.maxBodyBytes = 1 << 16
    var parser = RequestParser(limits: limits)
    var input = InputBuffer()
    let chunk = Int(bytes.first ?? 1) % 13 + 1
    var offset = 0
    while offset < size {
        let n = min(chunk, size - offset)
        input.append(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
        offset += n
        do {
            while let parsed = try parser.next(&input) {
                if case .request(let request) = parsed { _ = request.query.pairs.count }
            }
        } catch {
            return 0
        }
    }
    return 0
}
