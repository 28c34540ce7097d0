/// A glyph's signed distance field as MapLibre reads it: the coverage bitmap padded by `buffer` pixels on every
/// side, each pixel 255 − 255·(d / radius + cutoff), d the distance to the outline (negative inside), by the exact
/// Euclidean distance transform of Felzenszwalb and Huttenlocher run on the outside and on the inside.
enum SignedDistance {
    static let buffer = 3
    static let radius = 8.0
    static let cutoff = 0.25

    static func field(_ g: RasterGlyph) -> [UInt8] {
        let w = g.width + 2 * buffer, h = g.height + 2 * buffer
        let inf = 1e20
        var outer = [Double](repeating: inf, count: w * h)
        var inner = [Double](repeating: 0, count: w * h)
        for y in 0..<g.height {
            for x in 0..<g.width {
                let a = Double(g.pixels[y * g.width + x]) / 255
                guard a > 0 else { continue }
                let i = (y + buffer) * w + x + buffer
                if a >= 1 {
                    outer[i] = 0
                    inner[i] = inf
                } else {
                    // A partly covered pixel: the edge crosses it, at about (0.5 − a) pixels from its centre.
                    let d = 0.5 - a
                    outer[i] = d > 0 ? d * d : 0
                    inner[i] = d < 0 ? d * d : 0
                }
            }
        }
        transform(&outer, width: w, height: h)
        transform(&inner, width: w, height: h)
        var out = [UInt8](repeating: 0, count: w * h)
        for i in 0..<(w * h) {
            let d = outer[i].squareRoot() - inner[i].squareRoot()
            out[i] = UInt8(max(0, min(255, (255 - 255 * (d / radius + cutoff)).rounded())))
        }
        return out
    }

    /// Squared distances to the nearest zero, in place: columns, then rows.
    static func transform(_ grid: inout [Double], width: Int, height: Int) {
        let n = max(width, height)
        var f = [Double](repeating: 0, count: n), d = [Double](repeating: 0, count: n)
        var v = [Int](repeating: 0, count: n), z = [Double](repeating: 0, count: n + 1)
        for x in 0..<width {
            for y in 0..<height { f[y] = grid[y * width + x] }
            line(f, height, &d, &v, &z)
            for y in 0..<height { grid[y * width + x] = d[y] }
        }
        for y in 0..<height {
            for x in 0..<width { f[x] = grid[y * width + x] }
            line(f, width, &d, &v, &z)
            for x in 0..<width { grid[y * width + x] = d[x] }
        }
    }

    /// The 1-D transform: the lower envelope of the parabolas rooted at each sample.
    private static func line(_ f: [Double], _ n: Int, _ d: inout [Double], _ v: inout [Int], _ z: inout [Double]) {
        func meet(_ q: Int, _ r: Int) -> Double {
            ((f[q] + Double(q * q)) - (f[r] + Double(r * r))) / Double(2 * (q - r))
        }
        var k = 0
        v[0] = 0
        z[0] = -.infinity
        z[1] = .infinity
        for q in stride(from: 1, to: n, by: 1) {
            var s = meet(q, v[k])
            while s <= z[k] {
                k -= 1
                s = meet(q, v[k])
            }
            k += 1
            v[k] = q
            z[k] = s
            z[k + 1] = .infinity
        }
        k = 0
        for q in 0..<n {
            while z[k + 1] < Double(q) { k += 1 }
            let r = v[k]
            d[q] = Double((q - r) * (q - r)) + f[r]
        }
    }
}
