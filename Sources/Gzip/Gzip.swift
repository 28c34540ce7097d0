import CZlib

/// gzip (RFC 1952) through zlib: the content coding of HTTP answers and the tile data of MBTiles files.
/// Whether a client accepts it is HTTP's business (`Gzip.accepted(by:)` in the HTTP target).
public enum Gzip {
    /// The gzip form of `bytes`, or nil if zlib fails.
    public static func compress(_ bytes: [UInt8], level: Int32) -> [UInt8]? {
        var stream = z_stream()
        guard riskmap_deflate_init_gzip(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        let rc: Int32 = bytes.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { output in
                // zlib's next_in is not const, but deflate only reads through it.
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = output.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(output.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard rc == Z_STREAM_END else { return nil }
        out.removeSubrange(Int(stream.total_out)...)
        return out
    }
}
