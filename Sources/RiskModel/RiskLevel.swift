/// The four reported risk levels and the colours the one map draws them in.
public enum RiskLevel: String, CaseIterable, Sendable, Comparable, Codable, CodingKeyRepresentable {
    case major, significant, general, low

    /// 0 for the most severe; ordering by rank puts red first.
    public var rank: Int {
        switch self {
        case .major: 0
        case .significant: 1
        case .general: 2
        case .low: 3
        }
    }

    public var colour: RiskColour {
        switch self {
        case .major: .red
        case .significant: .orange
        case .general: .yellow
        case .low: .blue
        }
    }

    public var nameZh: String {
        switch self {
        case .major: "重大风险"
        case .significant: "较大风险"
        case .general: "一般风险"
        case .low: "低风险"
        }
    }

    public init?(rank: Int) {
        guard let level = RiskLevel.allCases.first(where: { $0.rank == rank }) else { return nil }
        self = level
    }

    /// More severe compares greater.
    public static func < (a: RiskLevel, b: RiskLevel) -> Bool { a.rank > b.rank }
}

/// The four colours of the one map, most severe first.
public enum RiskColour: String, CaseIterable, Sendable, Comparable, Codable {
    case red, orange, yellow, blue

    /// Its place in `allCases` (red 0 … blue 3).
    public var rank: Int {
        switch self {
        case .red: 0
        case .orange: 1
        case .yellow: 2
        case .blue: 3
        }
    }

    /// The hex colour the style and the viewer use.
    public var hex: String {
        switch self {
        case .red: "#e02020"
        case .orange: "#f28c28"
        case .yellow: "#f5d000"
        case .blue: "#2f7ed8"
        }
    }

    /// One step more severe (red stays red).
    public var raised: RiskColour { RiskColour.allCases[max(0, rank - 1)] }

    /// More severe compares greater.
    public static func < (a: RiskColour, b: RiskColour) -> Bool { a.rank > b.rank }
}
