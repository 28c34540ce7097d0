/// libFuzzer entry for the OGC API items query-string parser (Sources/Service/ItemsParameters.swift): any
/// bytes, taken as the query string of /collections/{id}/items and decoded as the HTTP module decodes request
/// targets, must give a FeatureQuery or a thrown HTTPError, never a trap, a leak or an out-of-bounds access.
/// The layer schema is one of Catalog.layers, chosen by the first byte. Built and run by scripts/fuzz/fuzz.sh.
import HTTP
import Store

private let config = ServiceConfig()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let layer = Catalog.layers[Int(bytes.first ?? 0) % Catalog.layers.count]
    let text = String(decoding: bytes, as: UTF8.self)
    if let request = try? Request(method: .get, target: "/collections/\(layer.name)/items?" + text) {
        _ = try? ItemsParameters.parse(request.query, layer: layer, config: config)
        // The helpers on every decoded value, whatever its name (the grid's bbox takes the same).
        for (_, value) in request.query {
            _ = try? ItemsParameters.bbox(value)
            _ = try? ItemsParameters.datetime(value)
        }
    }
    // And on the raw text, undecoded.
    _ = try? ItemsParameters.bbox(text)
    _ = try? ItemsParameters.datetime(text)
    return 0
}
