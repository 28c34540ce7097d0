import Glyphs
import HTTP

/// The glyphs of the map's labels (MapLibre's `glyphs` URL in tiles/style.json), drawn on the server from one
/// installed font (`GlyphRanges`): `/fonts/{fontstack}/0-255.pbf`. Without a font, 404 naming what to install.
struct FontRoutes: RouteCollection {
    let glyphs: GlyphRanges?

    var endpoints: [Endpoint] {
        [
            Endpoint(method: .get, pattern: "/fonts/{fontstack}/{range}",
                     summary: "Glyphs for the map's labels in MapLibre's format (signed distance fields, 256 code points a file): /fonts/riskmap-sans/19968-20223.pbf; every font stack is drawn from the server's one font",
                     tag: "Tiles", responses: [200: "the glyph range", 404: "no such range, or no font installed"]) { [self] request, _, _ in
                let name = request.parameters["range"] ?? ""
                let parts = name.hasSuffix(".pbf") ? name.dropLast(4).split(separator: "-") : []
                guard parts.count == 2, let start = Int(parts[0]), let end = Int(parts[1]), end == start + 255 else {
                    throw HTTPError(.notFound, "glyph ranges are named START-END.pbf, 256 code points each (0-255.pbf, 256-511.pbf, …)")
                }
                guard let glyphs else {
                    throw HTTPError(.notFound, "no font for labels: install fonts-wqy-microhei (scripts/setup.sh) or set fontFile in the configuration")
                }
                let bytes: [UInt8]
                do { bytes = try glyphs.range(start: start, fontstack: request.parameters["fontstack"] ?? "") } catch let e as GlyphError {
                    throw HTTPError(.notFound, e.description)
                }
                return Response(status: .ok, headers: ["Content-Type": "application/x-protobuf", "Cache-Control": "public, max-age=86400"], body: bytes)
                    .withContentETag()
            },
        ]
    }
}
