import Synchronization
import VectorTiles

/// MapLibre's glyphs for text labels, drawn from one font file on the server: each range of 256 code points as
/// the glyph protocol buffer MapLibre asks for (`/fonts/{fontstack}/{start}-{end}.pbf`), each glyph a signed
/// distance field (`SignedDistance`) with its metrics. A range is drawn on first request (a range of CJK
/// ideographs in tens of milliseconds) and kept; every font stack is answered from the one font. Nothing is
/// fetched from elsewhere and nothing generated is committed: the font comes from a Debian package.
public final class GlyphRanges: Sendable {
    /// The fonts looked for when none is configured: WenQuanYi Micro Hei (fonts-wqy-microhei) and Noto Sans
    /// CJK (fonts-noto-cjk), both with Latin and the whole of GB 2312 and more.
    public static let candidates = ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                                    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]

    public let path: String
    public let family: String
    private struct Face: @unchecked Sendable { let face: FontFace }
    private let face: Mutex<Face>
    private let ranges = Mutex<[Int: [UInt8]]>([:])

    public init(path: String) throws(GlyphError) {
        let f = try FontFace(path: path)
        self.path = path
        family = f.familyName
        face = Mutex(Face(face: f))
    }

    /// The first candidate font that exists, or nil.
    public static func installed() -> GlyphRanges? {
        for path in candidates {
            if let ranges = try? GlyphRanges(path: path) { return ranges }
        }
        return nil
    }

    /// The range starting at `start` (a multiple of 256 below 65,536) for `fontstack`.
    public func range(start: Int, fontstack: String) throws(GlyphError) -> [UInt8] {
        guard start >= 0, start < 65_536, start % 256 == 0 else { throw GlyphError("a glyph range starts at a multiple of 256 below 65536") }
        if let done = ranges.withLock({ $0[start] }) { return Self.encode(done, fontstack: fontstack, start: start) }
        let glyphs = face.withLock { f in Self.glyphs(f.face, start: start) }
        ranges.withLock { $0[start] = glyphs }
        return Self.encode(glyphs, fontstack: fontstack, start: start)
    }

    /// The range's glyph messages, encoded (everything but the font stack's name and range).
    private static func glyphs(_ face: FontFace, start: Int) -> [UInt8] {
        var out = ProtobufWriter(capacity: 64 * 1024)
        for codepoint in start..<(start + 256) {
            guard let g = face.glyph(UInt32(codepoint)) else { continue }
            var m = ProtobufWriter(capacity: 1024)
            m.key(1, .varint)
            m.varint(UInt64(codepoint))
            if g.width > 0, g.height > 0 {
                let field = SignedDistance.field(g)
                m.lengthDelimited(2, length: field.count)
                m.raw(field[...])
            }
            m.key(3, .varint)
            m.varint(UInt64(g.width))
            m.key(4, .varint)
            m.varint(UInt64(g.height))
            m.key(5, .varint)
            m.varint(UInt64(ProtobufWriter.zigzag(Int32(g.left))))
            m.key(6, .varint)
            m.varint(UInt64(ProtobufWriter.zigzag(Int32(g.top - face.ascender))))
            m.key(7, .varint)
            m.varint(UInt64(max(0, g.advance)))
            out.lengthDelimited(3, length: m.bytes.count)
            out.raw(m.bytes[...])
        }
        return out.bytes
    }

    /// glyphs { stacks (1): fontstack { name (1), range (2), glyphs (3)… } }.
    private static func encode(_ glyphs: [UInt8], fontstack: String, start: Int) -> [UInt8] {
        var stack = ProtobufWriter(capacity: glyphs.count + 64)
        stack.string(1, fontstack)
        stack.string(2, "\(start)-\(start + 255)")
        stack.raw(glyphs[...])
        var out = ProtobufWriter(capacity: stack.bytes.count + 8)
        out.lengthDelimited(1, length: stack.bytes.count)
        out.raw(stack.bytes[...])
        return out.bytes
    }
}
