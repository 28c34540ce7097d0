import GeoKit
import VectorTiles

func c(_ x: Double, _ y: Double) -> Coordinate { Coordinate(x, y) }

func ring(_ points: [(Double, Double)]) -> [Coordinate] {
    let cs = points.map { Coordinate($0.0, $0.1) }
    return cs + [cs[0]]
}

/// A geometry already in tile units.
func tileGeometry(_ g: Geometry) -> TileGeometry { TileGeometry(g, transform: { $0 }) }

/// True when `decoded` (closed, as decode_mvt.py gives it) is `expected` (closed) up to starting point and direction.
func sameRing(_ decoded: [[Double]], _ expected: [Coordinate]) -> Bool {
    let a = decoded.dropLast().map { Coordinate($0[0], $0[1]) }
    let b = Array(expected.dropLast())
    guard a.count == b.count, let start = b.firstIndex(of: a[0]) else { return false }
    let forward = (0..<b.count).map { b[(start + $0) % b.count] }
    let backward = (0..<b.count).map { b[(start - $0 + b.count) % b.count] }
    return a == forward || a == backward
}
