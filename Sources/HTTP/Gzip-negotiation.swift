import Gzip

/// gzip as HTTP content coding (RFC 9110 §8.4.1.3): whether a client accepts it and whether a media type is
/// worth it.
extension Gzip {
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
        guard let contentType else { return false }
        // The types the server writes itself, spelled as it spells them: a hash look-up, no lower-casing.
        if exactlyCompressible.contains(contentType) { return true }
        guard let type = contentType.split(separator: ";").first?.trimmingOWS().lowercased() else { return false }
        if type.hasPrefix("text/") { return true }
        return [
            "application/json", "application/geo+json", "application/problem+json", "application/schema+json",
            "application/javascript", "application/xml", "application/vnd.mapbox-vector-tile", "application/x-protobuf",
            "application/vnd.oai.openapi+json", "image/svg+xml",
        ].contains(type) || type.hasSuffix("+json") || type.hasSuffix("+xml")
    }

    private static let exactlyCompressible: Set<String> = [
        "application/json", "application/geo+json", "application/problem+json", "application/vnd.mapbox-vector-tile",
        "application/json; charset=utf-8", "text/html; charset=utf-8", "text/plain; charset=utf-8", "text/css; charset=utf-8",
    ]
}
