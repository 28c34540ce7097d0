import CZlib

/// gzip content coding (RFC 9110 §8.4.1.3) through zlib.
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

    /// Whether Accept-Encoding allows gzip: listed (or `*`) with a q-value above zero.
    public static func accepted(by acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        var star = false
        for item in acceptEncoding.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingOWS() }
            guard let coding = parts.first?.lowercased() else { continue }
            let q = parts.dropFirst().first { $0.lowercased().hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if coding == "gzip" || coding == "x-gzip" { return q > 0 }
            if coding == "*" { star = q > 0 }
        }
        return star
    }

    /// Whether a media type is worth compressing; images, archives and fonts that are already compressed are not.
    static func compressible(_ contentType: String?) -> Bool {
        guard let type = contentType?.split(separator: ";").first?.trimmingOWS().lowercased() else { return false }
        if type.hasPrefix("text/") { return true }
        return [
            "application/json", "application/geo+json", "application/problem+json", "application/schema+json",
            "application/javascript", "application/xml", "application/vnd.mapbox-vector-tile", "application/x-protobuf",
            "application/vnd.oai.openapi+json", "image/svg+xml",
        ].contains(type) || type.hasSuffix("+json") || type.hasSuffix("+xml")
    }
}
