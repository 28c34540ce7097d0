import Foundation

/// How enterprises are scored (安全生产记分, after Changzhou's rules for hazardous-chemicals enterprises): a year
/// starts at `start` points; each event applies an indicator's points (deductions negative, bonuses positive);
/// the score never falls below `floor` nor rises above `start`; the score decides the level of supervision by
/// `bands`. The indicator table is data (a bureau's file, docs/SUPERVISION.md); the standard one follows the
/// structure of Changzhou's (four groups of deductions and a bonus) with a sample of its indicators.
public struct ScoreRules: Sendable, Codable, Equatable {
    public struct Indicator: Sendable, Codable, Equatable {
        public var code: String
        public var group: String
        /// Negative: a deduction; positive: a bonus.
        public var points: Int
        public var description: String
    }

    /// A supervision tier for scores of at least `minScore` (bands are tried from the highest minimum down).
    public struct Band: Sendable, Codable, Equatable {
        public var minScore: Int
        /// `city`, `county` or `town`: who supervises the enterprise.
        public var tier: String
    }

    public var start: Int
    public var floor: Int
    public var indicators: [Indicator]
    public var bands: [Band]

    public static let standard = ScoreRules(start: 12, floor: 0, indicators: [
        Indicator(code: "A01", group: "安全事故", points: -12, description: "发生较大及以上生产安全事故"),
        Indicator(code: "A02", group: "安全事故", points: -6, description: "发生一般生产安全事故（死亡）"),
        Indicator(code: "A03", group: "安全事故", points: -3, description: "发生造成人员受伤的生产安全事故"),
        Indicator(code: "B01", group: "行政处罚", points: -6, description: "受到责令停产停业整顿的行政处罚"),
        Indicator(code: "B02", group: "行政处罚", points: -3, description: "受到罚款等行政处罚"),
        Indicator(code: "C01", group: "依法履职", points: -2, description: "主要负责人未按规定组织制定并实施安全生产责任制"),
        Indicator(code: "C02", group: "依法履职", points: -2, description: "主要负责人未按规定组织开展隐患排查治理"),
        Indicator(code: "C03", group: "依法履职", points: -1, description: "未按规定如实报告安全风险（一险一单）"),
        Indicator(code: "D01", group: "重大事故隐患", points: -4, description: "存在重大生产安全事故隐患（每项）"),
        Indicator(code: "D02", group: "重大事故隐患", points: -2, description: "重大事故隐患未按期整改"),
        Indicator(code: "E01", group: "加分", points: 2, description: "安全生产标准化达到一级"),
        Indicator(code: "E02", group: "加分", points: 1, description: "安全生产标准化达到二级"),
    ], bands: [
        Band(minScore: 9, tier: "town"),
        Band(minScore: 6, tier: "county"),
        Band(minScore: 0, tier: "city"),
    ])

    public static let tiers = ["city", "county", "town"]

    public func indicator(_ code: String) -> Indicator? { indicators.first { $0.code == code } }

    /// The tier for a score: the band with the highest minimum the score reaches.
    public func tier(for score: Int) -> String {
        bands.sorted { $0.minScore > $1.minScore }.first { score >= $0.minScore }?.tier ?? "city"
    }

    /// The year's score from its events in date order, each step clamped to `floor`…`start`.
    public func score(of points: [Int]) -> Int {
        points.reduce(start) { min(start, max(floor, $0 + $1)) }
    }

    public static func load(path: String) throws -> ScoreRules {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw ScoreRulesError("cannot read \(path): \(error.localizedDescription)") }
        let rules: ScoreRules
        do { rules = try JSONDecoder().decode(ScoreRules.self, from: data) } catch { throw ScoreRulesError("\(path) is not a score rules file: \(error)") }
        try rules.validate()
        return rules
    }

    public func validate() throws {
        guard start > floor, start <= 100 else { throw ScoreRulesError("start must be above floor (and at most 100)") }
        guard Set(indicators.map(\.code)).count == indicators.count else { throw ScoreRulesError("indicator codes must be unique") }
        if let bad = indicators.first(where: { $0.points == 0 }) { throw ScoreRulesError("indicator \(bad.code) has no points") }
        guard !bands.isEmpty, bands.allSatisfy({ Self.tiers.contains($0.tier) }) else {
            throw ScoreRulesError("bands must name tiers among \(Self.tiers.joined(separator: ", "))")
        }
    }
}

public struct ScoreRulesError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ d: String) { description = d }
}
