/// How grid cells get their colour class from the combined index C (docs/RISK-MODEL.md, "Colour classes").
public enum ClassMode: String, Codable, Sendable, CaseIterable {
    /// The fixed `combined.thresholds`: for a bureau with its own standard of what is red.
    case absolute
    /// Breaks at shares of the city's populated base cells: the top `shares.red` are red, the next
    /// `shares.orange` orange, the next `shares.yellow` yellow, the rest blue.
    case quantile
    /// Head/tail breaks (Jiang 2013): yellow from the mean index, orange from the mean of the cells above it,
    /// red from the mean of the cells above that. Follows the city's heavy tail; the red share is the data's.
    case headTail
}

/// The colour classification of the grid. Outside `absolute` the breaks are computed at each rebuild from the
/// populated base cells (C > 0), stored with the grid and kept by every edit until the next rebuild.
public struct GridClasses: Codable, Sendable, Equatable {
    public var mode: ClassMode
    /// Shares of the populated base cells per class in `quantile` mode; blue takes the rest.
    public var shares: PerColour<Double>

    public static let standard = GridClasses(mode: .quantile, shares: PerColour(red: 0.05, orange: 0.15, yellow: 0.30, blue: 0.50))

    public init(mode: ClassMode, shares: PerColour<Double>) {
        self.mode = mode
        self.shares = shares
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(ClassMode.self, forKey: .mode) ?? Self.standard.mode
        shares = try c.decodeIfPresent(PerColour<Double>.self, forKey: .shares) ?? Self.standard.shares
    }

    var problems: [String] {
        let s = shares
        guard [s.red, s.orange, s.yellow, s.blue].allSatisfy({ $0 > 0 && $0 < 1 }), s.red + s.orange + s.yellow < 1 else {
            return ["classes.shares must each be in (0, 1) and red + orange + yellow < 1"]
        }
        return []
    }

    /// The lowest index of each class for the populated base cells' indexes `values` (any order; sorted here).
    /// `absolute` gives `thresholds`; a distribution too small to split falls back to them too.
    public func breaks(_ values: [Double], thresholds: PerColour<Double>) -> PerColour<Double> {
        let sorted = values.filter { $0 > 0 }.sorted()
        guard mode != .absolute, sorted.count >= 4 else { return thresholds }
        switch mode {
        case .absolute:
            return thresholds
        case .quantile:
            let n = sorted.count
            let red = Self.lowestAbove(sorted, top: Int(Double(n) * shares.red))
            let orange = Self.lowestAbove(sorted, top: Int(Double(n) * (shares.red + shares.orange)))
            let yellow = Self.lowestAbove(sorted, top: Int(Double(n) * (shares.red + shares.orange + shares.yellow)))
            return PerColour(red: red, orange: min(orange, red), yellow: min(yellow, orange, red), blue: 0)
        case .headTail:
            var head = sorted[...]
            var means: [Double] = []
            for _ in 0..<3 {
                let mean = head.reduce(0, +) / Double(max(1, head.count))
                means.append(mean)
                if let first = head.firstIndex(where: { $0 > mean }) { head = head[first...] }
            }
            return PerColour(red: means[2], orange: means[1], yellow: means[0], blue: 0)
        }
    }

    /// The lowest value v of `sorted` (ascending) with at most `top` values ≥ v: equal values never straddle a
    /// break, so a break never gives a class more than its share (above the largest value when they would).
    static func lowestAbove(_ sorted: [Double], top: Int) -> Double {
        let n = sorted.count
        var k = n - max(1, min(top, n))
        while k > 0, k < n, sorted[k - 1] == sorted[k] { k += 1 }
        return k < n ? sorted[k] : sorted[n - 1].nextUp
    }
}
