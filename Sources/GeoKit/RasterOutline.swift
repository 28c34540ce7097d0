/// The outlines of the marked cells of a raster, as polygons (an outer ring and its holes) in the grid's
/// vertex coordinates: (x, y) is the corner below and left of cell (x, y). Each boundary edge runs with its
/// marked cell on the left, so outer rings run anticlockwise and holes clockwise; at a corner where two marked
/// cells meet only diagonally the ring turns left, keeping them apart (they touch at that point).
public enum RasterOutline {
    private static let steps = [(1, 0), (0, 1), (-1, 0), (0, -1)]  // east, north, west, south

    public static func polygons(marked: [Bool], width: Int, height: Int) -> [[[(x: Int, y: Int)]]] {
        func isMarked(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height && marked[y * width + x] }
        // Edges by start vertex: (direction, edge id); starts[e] and dirs[e] per edge.
        var starts: [Int] = [], dirs: [Int] = []
        var outOf: [Int: [Int]] = [:]
        func add(_ x: Int, _ y: Int, _ d: Int) {
            let v = y * (width + 1) + x
            outOf[v, default: []].append(starts.count)
            starts.append(v)
            dirs.append(d)
        }
        for y in 0..<height {
            for x in 0..<width where isMarked(x, y) {
                if !isMarked(x, y - 1) { add(x, y, 0) }
                if !isMarked(x + 1, y) { add(x + 1, y, 1) }
                if !isMarked(x, y + 1) { add(x + 1, y + 1, 2) }
                if !isMarked(x - 1, y) { add(x, y + 1, 3) }
            }
        }
        func end(_ e: Int) -> Int {
            let (dx, dy) = steps[dirs[e]]
            return starts[e] + dy * (width + 1) + dx
        }
        func next(_ e: Int) -> Int {
            let out = outOf[end(e)]!
            return out.count == 1 ? out[0] : out.first { dirs[$0] == (dirs[e] + 1) % 4 } ?? out[0]
        }
        var used = [Bool](repeating: false, count: starts.count)
        var outers: [(ring: [(x: Int, y: Int)], area: Int)] = []
        var holes: [(ring: [(x: Int, y: Int)], inside: (Double, Double))] = []
        for first in starts.indices where !used[first] {
            var ring: [(x: Int, y: Int)] = []
            var e = first
            repeat {
                used[e] = true
                let n = next(e)
                // A corner only where the direction changes.
                if dirs[n] != dirs[e] { ring.append((end(e) % (width + 1), end(e) / (width + 1))) }
                e = n
            } while e != first
            let area = zip(ring, ring.dropFirst() + ring.prefix(1)).reduce(0) { $0 + $1.0.x * $1.1.y - $1.1.x * $1.0.y }
            if area > 0 {
                outers.append((ring, area))
            } else {
                // The middle of the unmarked cell to the right of the hole's first edge.
                let (dx, dy) = steps[dirs[first]]
                let sx = Double(starts[first] % (width + 1)), sy = Double(starts[first] / (width + 1))
                holes.append((ring, (sx + 0.5 * Double(dx) + 0.5 * Double(dy), sy + 0.5 * Double(dy) - 0.5 * Double(dx))))
            }
        }
        var polygons = outers.map { [$0.ring] }
        for h in holes {
            let containing = outers.indices.filter { contains(outers[$0].ring, h.inside) }.min { outers[$0].area < outers[$1].area }
            if let i = containing { polygons[i].append(h.ring) }
        }
        return polygons
    }

    private static func contains(_ ring: [(x: Int, y: Int)], _ p: (Double, Double)) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in ring.indices {
            let a = (Double(ring[i].x), Double(ring[i].y)), b = (Double(ring[j].x), Double(ring[j].y))
            if (a.1 > p.1) != (b.1 > p.1), p.0 < (b.0 - a.0) * (p.1 - a.1) / (b.1 - a.1) + a.0 { inside.toggle() }
            j = i
        }
        return inside
    }
}
