/// libFuzzer entry for the GeoJSON, JSON and WKT readers (GeoKit): any bytes must give a value or an error,
/// never a trap, a leak or an out-of-bounds access. Built and run by scripts/fuzz/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? GeoJSON.feature(bytes: bytes)
    _ = try? GeoJSON.geometry(bytes: bytes)
    // The stream, fed in chunks of a size taken from the first byte, must never trap.
    let chunk = Int(bytes.first ?? 1) % 7 + 1
    var rest = bytes[...]
    var stream = GeoJSONFeatureStream {
        guard !rest.isEmpty else { return nil }
        defer { rest = rest.dropFirst(chunk) }
        return Array(rest.prefix(chunk))
    }
    var n = 0
    while n < 10_000, let item = try? stream.next() { _ = item; n += 1 }
    _ = try? WKT.decode(String(decoding: bytes, as: UTF8.self))
    return 0
}
