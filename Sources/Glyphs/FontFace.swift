import CFreeType
import Foundation

/// One glyph as FreeType draws it at the glyph size: an 8-bit coverage bitmap and its metrics in pixels.
struct RasterGlyph {
    let width: Int
    let height: Int
    /// Row-major coverage, 0 (outside) … 255 (inside), `width × height`.
    let pixels: [UInt8]
    /// From the pen position to the bitmap's left edge, and from the baseline up to its top edge.
    let left: Int
    let top: Int
    let advance: Int
}

/// A font file opened with FreeType at the size MapLibre's glyphs are drawn at (24 px). Not thread-safe, as
/// FreeType faces are not: `GlyphRanges` uses it under a lock.
final class FontFace {
    static let size = 24
    private var library: FT_Library?
    private var face: FT_Face?
    /// The font file's bytes, which FreeType reads in place for the face's life (a face opened from a path would
    /// hold a file descriptor as long, and a server at its descriptor limit needs every one).
    private let bytes: UnsafeMutableRawBufferPointer
    /// The face's ascender in pixels: MapLibre's glyph `top` is measured from it.
    let ascender: Int
    let familyName: String

    init(path: String, index: Int = 0) throws(GlyphError) {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { throw GlyphError("cannot read the font \(path)") }
        bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 16)
        data.copyBytes(to: bytes)
        guard FT_Init_FreeType(&library) == 0, let library else {
            bytes.deallocate()
            throw GlyphError("FreeType could not start")
        }
        guard FT_New_Memory_Face(library, bytes.baseAddress!.assumingMemoryBound(to: FT_Byte.self), FT_Long(bytes.count), FT_Long(index), &face) == 0,
              let face else {
            FT_Done_FreeType(library)
            bytes.deallocate()
            throw GlyphError("cannot open the font \(path)")
        }
        guard FT_Set_Pixel_Sizes(face, 0, FT_UInt(Self.size)) == 0 else {
            FT_Done_Face(face)
            FT_Done_FreeType(library)
            bytes.deallocate()
            throw GlyphError("the font \(path) has no scalable outlines")
        }
        ascender = Int(face.pointee.size.pointee.metrics.ascender >> 6)
        familyName = face.pointee.family_name.map { String(cString: $0) } ?? ""
    }

    deinit {
        if let face { FT_Done_Face(face) }
        if let library { FT_Done_FreeType(library) }
        bytes.deallocate()
    }

    /// The glyph of `codepoint`, or nil when the font has none.
    func glyph(_ codepoint: UInt32) -> RasterGlyph? {
        guard let face else { return nil }
        let index = FT_Get_Char_Index(face, FT_ULong(codepoint))
        guard index != 0, FT_Load_Glyph(face, index, Int32(FT_LOAD_RENDER)) == 0, let slot = face.pointee.glyph else { return nil }
        let bitmap = slot.pointee.bitmap
        let width = Int(bitmap.width), height = Int(bitmap.rows), pitch = Int(bitmap.pitch)
        var pixels = [UInt8](repeating: 0, count: width * height)
        if let buffer = bitmap.buffer, width > 0, height > 0 {
            for y in 0..<height {
                let row = pitch >= 0 ? y * pitch : (height - 1 - y) * -pitch
                for x in 0..<width { pixels[y * width + x] = buffer[row + x] }
            }
        }
        return RasterGlyph(width: width, height: height, pixels: pixels, left: Int(slot.pointee.bitmap_left),
                           top: Int(slot.pointee.bitmap_top), advance: Int(slot.pointee.advance.x >> 6))
    }
}

public struct GlyphError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ d: String) { description = d }
}
