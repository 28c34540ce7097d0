/// Well-known text (OGC 06-103, 2D) for the geometry kinds riskmap stores: CSV files carry geometries in a
/// WKT column. Z and M values are read and dropped; EMPTY geometries are refused (a feature without a
/// geometry leaves the column empty instead).
public enum WKT {
    public struct DecodeError: Error, CustomStringConvertible, Sendable, Equatable {
        public let reason: String
        public var description: String { "invalid WKT: \(reason)" }
    }

    public static func encode(_ g: Geometry) -> String {
        var s = g.kind.name.uppercased() + " "
        func seq(_ cs: [Coordinate]) { s += "(" + cs.map { "\(num($0.x)) \(num($0.y))" }.joined(separator: ", ") + ")" }
        func rings(_ rs: [[Coordinate]]) {
            s += "("
            for (i, r) in rs.enumerated() { if i > 0 { s += ", " }; seq(r) }
            s += ")"
        }
        switch g {
        case .point(let c): s += "(\(num(c.x)) \(num(c.y)))"
        case .lineString(let cs), .multiPoint(let cs): seq(cs)
        case .polygon(let rs), .multiLineString(let rs): rings(rs)
        case .multiPolygon(let ps):
            s += "("
            for (i, p) in ps.enumerated() { if i > 0 { s += ", " }; rings(p) }
            s += ")"
        }
        return s
    }

    /// Shortest text that reads back as the same Double.
    private static func num(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }

    public static func decode(_ text: String) throws(DecodeError) -> Geometry {
        var p = Scanner(bytes: Array(text.utf8))
        let g = try p.geometry()
        p.skipSpace()
        guard p.i == p.bytes.count else { throw p.error("unexpected text after the geometry") }
        return g
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0

        func error(_ reason: String) -> DecodeError { DecodeError(reason: "\(reason) (at character \(i + 1))") }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        mutating func word() -> String {
            skipSpace()
            let start = i
            while i < bytes.count, (bytes[i] | 0x20) >= 0x61, (bytes[i] | 0x20) <= 0x7A { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self).uppercased()
        }

        mutating func expect(_ b: UInt8) throws(DecodeError) {
            skipSpace()
            guard i < bytes.count, bytes[i] == b else { throw error("expected '\(Character(UnicodeScalar(b)))'") }
            i += 1
        }

        /// True when a ',' follows (and is consumed), false at ')'.
        mutating func more() throws(DecodeError) -> Bool {
            skipSpace()
            guard i < bytes.count else { throw error("unexpected end") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; return true }
            if bytes[i] == UInt8(ascii: ")") { i += 1; return false }
            throw error("expected ',' or ')'")
        }

        mutating func geometry() throws(DecodeError) -> Geometry {
            let name = word()
            guard let kind = GeometryKind.allCases.first(where: { $0.name.uppercased() == name }) else {
                throw error(name.isEmpty ? "expected a geometry type" : "unsupported geometry type \(name)")
            }
            let dims = word()  // Z, M, ZM or EMPTY
            if dims == "EMPTY" { throw error("\(kind.name) EMPTY is not allowed") }
            guard ["", "Z", "M", "ZM"].contains(dims) else { throw error("unexpected word \(dims)") }
            switch kind {
            case .point:
                try expect(UInt8(ascii: "("))
                let c = try position()
                try expect(UInt8(ascii: ")"))
                return .point(c)
            case .lineString: return .lineString(try sequence())
            case .polygon: return .polygon(try nested())
            case .multiPoint: return .multiPoint(try multiPoint())
            case .multiLineString: return .multiLineString(try nested())
            case .multiPolygon:
                try expect(UInt8(ascii: "("))
                var ps: [[[Coordinate]]] = []
                repeat { ps.append(try nested()) } while try more()
                return .multiPolygon(ps)
            }
        }

        mutating func position() throws(DecodeError) -> Coordinate {
            let x = try number(), y = try number()
            // Drop Z and M.
            skipSpace()
            while i < bytes.count, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: ")") { _ = try number(); skipSpace() }
            return Coordinate(x, y)
        }

        mutating func number() throws(DecodeError) -> Double {
            skipSpace()
            let start = i
            while i < bytes.count, !(bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: ")")) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard let v = Double(text), v.isFinite else { i = start; throw error("'\(text)' is not a number") }
            return v
        }

        mutating func sequence() throws(DecodeError) -> [Coordinate] {
            try expect(UInt8(ascii: "("))
            var cs: [Coordinate] = []
            repeat { cs.append(try position()) } while try more()
            return cs
        }

        mutating func nested() throws(DecodeError) -> [[Coordinate]] {
            try expect(UInt8(ascii: "("))
            var rs: [[Coordinate]] = []
            repeat { rs.append(try sequence()) } while try more()
            return rs
        }

        /// MULTIPOINT ((1 2), (3 4)) and the older MULTIPOINT (1 2, 3 4) both occur in the wild.
        mutating func multiPoint() throws(DecodeError) -> [Coordinate] {
            try expect(UInt8(ascii: "("))
            var cs: [Coordinate] = []
            repeat {
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "(") {
                    i += 1
                    cs.append(try position())
                    try expect(UInt8(ascii: ")"))
                } else {
                    cs.append(try position())
                }
            } while try more()
            return cs
        }
    }
}
