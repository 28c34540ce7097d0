import JSONText

/// GeoJSON (RFC 7946) text for geometries.
extension JSONWriter {
    public mutating func geometry(_ g: Geometry) {
        raw("{\"type\":")
        string(g.kind.name)
        raw(",\"coordinates\":")
        switch g {
        case .point(let c): position(c)
        case .lineString(let cs), .multiPoint(let cs): positions(cs)
        case .polygon(let rings), .multiLineString(let rings): nested(rings)
        case .multiPolygon(let polys):
            byte(UInt8(ascii: "["))
            for (i, p) in polys.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                nested(p)
            }
            byte(UInt8(ascii: "]"))
        }
        byte(UInt8(ascii: "}"))
    }

    /// `[x,y]`, made in one buffer on the stack and appended at once (a route writes thousands).
    public mutating func position(_ c: Coordinate) {
        let made: Bool = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * JSONNumber.maxBytes + 3) { buffer in
            let p = buffer.baseAddress!
            p[0] = UInt8(ascii: "[")
            guard c.x.isFinite, c.y.isFinite, let nx = JSONNumber.write(c.x, into: p + 1) else { return false }
            p[1 + nx] = UInt8(ascii: ",")
            guard let ny = JSONNumber.write(c.y, into: p + 2 + nx) else { return false }
            p[2 + nx + ny] = UInt8(ascii: "]")
            json(UnsafeBufferPointer(start: p, count: 3 + nx + ny))
            return true
        }
        guard !made else { return }
        byte(UInt8(ascii: "["))
        number(c.x)
        byte(UInt8(ascii: ","))
        number(c.y)
        byte(UInt8(ascii: "]"))
    }

    public mutating func positions(_ cs: [Coordinate]) {
        byte(UInt8(ascii: "["))
        for (i, c) in cs.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            position(c)
        }
        byte(UInt8(ascii: "]"))
    }

    mutating func nested(_ rings: [[Coordinate]]) {
        byte(UInt8(ascii: "["))
        for (i, r) in rings.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            positions(r)
        }
        byte(UInt8(ascii: "]"))
    }
}
