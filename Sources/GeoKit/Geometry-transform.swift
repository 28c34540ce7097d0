extension Geometry {
    /// The same geometry with every run of coordinates (a point, a line, a ring) passed through `body` in place,
    /// so a coordinate transformation can work on whole arrays (one PROJ call per ring, not per point).
    public func transformingCoordinates<E: Error>(_ body: (inout [Coordinate]) throws(E) -> Void) throws(E) -> Geometry {
        func runs(_ rs: [[Coordinate]]) throws(E) -> [[Coordinate]] {
            var out = rs
            for i in out.indices { try body(&out[i]) }
            return out
        }
        switch self {
        case .point(let c):
            var cs = [c]
            try body(&cs)
            return .point(cs[0])
        case .lineString(var cs):
            try body(&cs)
            return .lineString(cs)
        case .multiPoint(var cs):
            try body(&cs)
            return .multiPoint(cs)
        case .polygon(let rs): return .polygon(try runs(rs))
        case .multiLineString(let rs): return .multiLineString(try runs(rs))
        case .multiPolygon(let ps):
            var out = ps
            for i in out.indices { out[i] = try runs(out[i]) }
            return .multiPolygon(out)
        }
    }
}
