import GeoKit

/// A filter in OGC Common Query Language (CQL2) text, parsed: what `filter=` on an items request asks
/// (docs/API.md). The parser checks syntax and size only; `CQL2Compiler` checks names and types against a layer
/// and turns it into SQL with bound values.
public indirect enum CQL2: Sendable, Equatable {
    case and([CQL2])
    case or([CQL2])
    case not(CQL2)
    case compare(String, Comparison, Literal)
    case like(String, pattern: String, caseInsensitive: Bool)
    case `in`(String, [Literal])
    case between(String, Literal, Literal)
    case isNull(String)
    /// S_INTERSECTS of the feature's geometry and a literal one (a BBOX is its rectangle), in CRS84.
    case intersects(Geometry)

    public enum Comparison: String, Sendable {
        case eq = "=", ne = "<>", lt = "<", le = "<=", gt = ">", ge = ">="
    }

    public enum Literal: Sendable, Equatable {
        case text(String)
        case integer(Int64)
        case number(Double)
        case boolean(Bool)
        /// TIMESTAMP('…') or DATE('…'), as written.
        case instant(String)
    }

    /// Limits that keep one filter's work bounded (each a 400 beyond).
    public static let maxLength = 8_192
    public static let maxNodes = 500
    public static let maxDepth = 32
    public static let maxListItems = 500

    /// Parses CQL2 text (also the draft "cql-text" GDAL up to 3.7 sends, which is the same for what it writes).
    public static func parse(_ text: String) throws(CQL2Error) -> CQL2 {
        guard text.utf8.count <= maxLength else { throw CQL2Error("the filter is \(text.utf8.count) bytes; at most \(maxLength)", at: 0) }
        var p = CQL2Parser(tokens: try CQL2Lexer.tokens(text))
        let e = try p.orExpression(depth: 0)
        guard p.peek == .end else { throw CQL2Error("unexpected \(p.peek.text) after a complete filter", at: p.position) }
        return e
    }
}

/// A fault in a filter, with the character offset it was found at.
public struct CQL2Error: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public let offset: Int

    init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "filter: \(message) (at character \(offset + 1))" }
}
