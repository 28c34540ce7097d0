import GeoKit

/// CQL2 text's tokens: names (bare or double-quoted), strings ('…', '' for a quote), numbers, operators,
/// punctuation, and a geometry literal kept whole (its WKT goes to GeoKit's reader).
enum CQL2Token: Equatable {
    case name(String)
    case keyword(String)      // upper-cased: AND, OR, NOT, LIKE, ILIKE, IN, BETWEEN, IS, NULL, TRUE, FALSE, S_INTERSECTS, BBOX, TIMESTAMP, DATE
    case string(String)
    case number(String)
    case op(String)           // = <> < <= > >=
    case punct(Character)     // ( ) ,
    case wkt(String)
    case end

    var text: String {
        switch self {
        case .name(let n): "'\(n)'"
        case .keyword(let k): k
        case .string(let s): "'\(s)'"
        case .number(let n): n
        case .op(let o): o
        case .punct(let c): "'\(c)'"
        case .wkt(let w): String(w.prefix(20))
        case .end: "the end"
        }
    }
}

enum CQL2Lexer {
    static let keywords: Set<String> = ["AND", "OR", "NOT", "LIKE", "ILIKE", "IN", "BETWEEN", "IS", "NULL", "TRUE", "FALSE",
                                        "S_INTERSECTS", "INTERSECTS", "BBOX", "TIMESTAMP", "DATE"]
    static let geometryKeywords: Set<String> = ["POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON"]

    static func tokens(_ text: String) throws(CQL2Error) -> [(CQL2Token, Int)] {
        let chars = Array(text)
        var out: [(CQL2Token, Int)] = []
        var i = 0
        while i < chars.count {
            let c = chars[i], start = i
            if c.isWhitespace { i += 1; continue }
            if c == "'" {
                var s = ""
                i += 1
                while true {
                    guard i < chars.count else { throw CQL2Error("a string is not closed", at: start) }
                    if chars[i] == "'" {
                        if i + 1 < chars.count, chars[i + 1] == "'" { s.append("'"); i += 2; continue }
                        i += 1
                        break
                    }
                    s.append(chars[i])
                    i += 1
                }
                out.append((.string(s), start))
            } else if c == "\"" {
                guard let close = chars[(i + 1)...].firstIndex(of: "\"") else { throw CQL2Error("a quoted name is not closed", at: start) }
                out.append((.name(String(chars[(i + 1)..<close])), start))
                i = close + 1
            } else if c.isNumber || ((c == "-" || c == "+" || c == ".") && i + 1 < chars.count && (chars[i + 1].isNumber || chars[i + 1] == ".")) {
                i += 1
                while i < chars.count, chars[i].isNumber || chars[i] == "." || chars[i] == "e" || chars[i] == "E"
                        || ((chars[i] == "-" || chars[i] == "+") && (chars[i - 1] == "e" || chars[i - 1] == "E")) { i += 1 }
                out.append((.number(String(chars[start..<i])), start))
            } else if c.isLetter || c == "_" {
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == ":" || chars[i] == "." { i += 1 }
                let word = String(chars[start..<i]), upper = word.uppercased()
                if geometryKeywords.contains(upper) {
                    // The WKT runs to the parenthesis that closes its first one.
                    var j = i, level = 0
                    while j < chars.count {
                        if chars[j] == "(" { level += 1 } else if chars[j] == ")" { level -= 1; if level == 0 { break } }
                        j += 1
                    }
                    guard j < chars.count else { throw CQL2Error("\(upper) literal is not closed", at: start) }
                    out.append((.wkt(String(chars[start...j])), start))
                    i = j + 1
                } else {
                    out.append((keywords.contains(upper) ? .keyword(upper) : .name(word), start))
                }
            } else if "<>=!".contains(c) {
                var o = String(c)
                if i + 1 < chars.count, "=>".contains(chars[i + 1]), c != "=" { o.append(chars[i + 1]) }
                i += o.count
                guard ["=", "<>", "<", "<=", ">", ">=", "!="].contains(o) else { throw CQL2Error("unknown operator \(o)", at: start) }
                out.append((.op(o == "!=" ? "<>" : o), start))
            } else if "(),".contains(c) {
                out.append((.punct(c), start))
                i += 1
            } else {
                throw CQL2Error("unexpected character '\(c)'", at: start)
            }
        }
        out.append((.end, chars.count))
        return out
    }
}

/// Recursive descent over the tokens, counting nodes and depth as it goes.
struct CQL2Parser {
    let tokens: [(CQL2Token, Int)]
    var index = 0
    var nodes = 0

    init(tokens: [(CQL2Token, Int)]) { self.tokens = tokens }

    var peek: CQL2Token { tokens[index].0 }
    var position: Int { tokens[index].1 }

    mutating func next() -> CQL2Token {
        defer { index += 1 }
        return tokens[index].0
    }

    mutating func expect(_ t: CQL2Token) throws(CQL2Error) {
        guard peek == t else { throw CQL2Error("expected \(t.text), found \(peek.text)", at: position) }
        index += 1
    }

    mutating func counted(_ e: CQL2, depth: Int) throws(CQL2Error) -> CQL2 {
        nodes += 1
        guard nodes <= CQL2.maxNodes else { throw CQL2Error("the filter has more than \(CQL2.maxNodes) conditions", at: position) }
        guard depth <= CQL2.maxDepth else { throw CQL2Error("the filter nests deeper than \(CQL2.maxDepth)", at: position) }
        return e
    }

    mutating func orExpression(depth: Int) throws(CQL2Error) -> CQL2 {
        var parts = [try andExpression(depth: depth + 1)]
        while peek == .keyword("OR") {
            index += 1
            parts.append(try andExpression(depth: depth + 1))
        }
        return parts.count == 1 ? parts[0] : try counted(.or(parts), depth: depth)
    }

    mutating func andExpression(depth: Int) throws(CQL2Error) -> CQL2 {
        var parts = [try notExpression(depth: depth + 1)]
        while peek == .keyword("AND") {
            index += 1
            parts.append(try notExpression(depth: depth + 1))
        }
        return parts.count == 1 ? parts[0] : try counted(.and(parts), depth: depth)
    }

    mutating func notExpression(depth: Int) throws(CQL2Error) -> CQL2 {
        if peek == .keyword("NOT") {
            index += 1
            return try counted(.not(try notExpression(depth: depth + 1)), depth: depth)
        }
        if peek == .punct("(") {
            index += 1
            let e = try orExpression(depth: depth + 1)
            try expect(.punct(")"))
            return e
        }
        return try counted(try predicate(depth: depth), depth: depth)
    }

    mutating func predicate(depth: Int) throws(CQL2Error) -> CQL2 {
        let at = position
        if case .keyword(let k) = peek, k == "S_INTERSECTS" || k == "INTERSECTS" {
            index += 1
            try expect(.punct("("))
            // Either order: the geometry property and a literal.
            var geometry: Geometry?
            for n in 0..<2 {
                if n == 1 { try expect(.punct(",")) }
                if case .name = peek { index += 1 } else { geometry = try geometryLiteral() }
            }
            try expect(.punct(")"))
            guard let geometry else { throw CQL2Error("S_INTERSECTS needs a geometry literal: BBOX(…) or WKT", at: at) }
            return .intersects(geometry)
        }
        guard case .name(let property) = next() else { throw CQL2Error("expected a property name, found \(tokens[index - 1].0.text)", at: at) }
        var negated = false
        if peek == .keyword("NOT") {
            index += 1
            negated = true
        }
        let e: CQL2
        switch next() {
        case .op(let o) where !negated:
            e = .compare(property, CQL2.Comparison(rawValue: o)!, try literal())
        case .keyword("LIKE"), .keyword("ILIKE"):
            guard case .string(let pattern) = next() else { throw CQL2Error("LIKE needs a string pattern", at: position) }
            e = .like(property, pattern: pattern, caseInsensitive: tokens[index - 2].0 == .keyword("ILIKE"))
        case .keyword("IN"):
            try expect(.punct("("))
            var values = [try literal()]
            while peek == .punct(",") {
                index += 1
                values.append(try literal())
                guard values.count <= CQL2.maxListItems else { throw CQL2Error("IN lists at most \(CQL2.maxListItems) values", at: position) }
            }
            try expect(.punct(")"))
            e = .in(property, values)
        case .keyword("BETWEEN"):
            let low = try literal()
            try expect(.keyword("AND"))
            e = .between(property, low, try literal())
        case .keyword("IS") where !negated:
            if peek == .keyword("NOT") {
                index += 1
                negated = true
            }
            try expect(.keyword("NULL"))
            e = .isNull(property)
        default:
            throw CQL2Error("expected a comparison, LIKE, IN, BETWEEN or IS NULL after \(property)", at: tokens[index - 1].1)
        }
        return negated ? .not(try counted(e, depth: depth + 1)) : e
    }

    mutating func literal() throws(CQL2Error) -> CQL2.Literal {
        let at = position
        switch next() {
        case .string(let s): return .text(s)
        case .number(let n):
            if let i = Int64(n) { return .integer(i) }
            guard let d = Double(n), d.isFinite else { throw CQL2Error("\(n) is not a number", at: at) }
            return .number(d)
        case .keyword("TRUE"): return .boolean(true)
        case .keyword("FALSE"): return .boolean(false)
        case .keyword("TIMESTAMP"), .keyword("DATE"):
            try expect(.punct("("))
            guard case .string(let s) = next() else { throw CQL2Error("TIMESTAMP and DATE take a quoted instant", at: at) }
            try expect(.punct(")"))
            return .instant(s)
        default:
            throw CQL2Error("expected a value (a 'string', a number, TRUE, FALSE, TIMESTAMP('…')), found \(tokens[index - 1].0.text)", at: at)
        }
    }

    mutating func geometryLiteral() throws(CQL2Error) -> Geometry {
        let at = position
        switch next() {
        case .keyword("BBOX"):
            try expect(.punct("("))
            var v: [Double] = []
            while true {
                let here = position
                guard case .number(let n) = next(), let d = Double(n) else { throw CQL2Error("BBOX takes 4 numbers", at: here) }
                v.append(d)
                if peek == .punct(",") { index += 1 } else { break }
            }
            try expect(.punct(")"))
            guard v.count == 4 || v.count == 6 else { throw CQL2Error("BBOX takes 4 numbers (or 6 with heights); got \(v.count)", at: at) }
            let (minX, minY, maxX, maxY) = v.count == 4 ? (v[0], v[1], v[2], v[3]) : (v[0], v[1], v[3], v[4])
            guard minX <= maxX, minY <= maxY else { throw CQL2Error("BBOX's minimum exceeds its maximum", at: at) }
            return .polygon([[Coordinate(minX, minY), Coordinate(maxX, minY), Coordinate(maxX, maxY), Coordinate(minX, maxY), Coordinate(minX, minY)]])
        case .wkt(let text):
            do { return try WKT.decode(text) } catch { throw CQL2Error(error.description, at: at) }
        default:
            throw CQL2Error("expected a geometry: BBOX(minx, miny, maxx, maxy) or WKT", at: at)
        }
    }
}
