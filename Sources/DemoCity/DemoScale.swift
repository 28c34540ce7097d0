/// How big a demo city is. `suzhou` carries the figures of the Jiangsu briefings (73,728 enterprises
/// reporting 97,515 significant-or-above risks; 163 elderly-care homes and 303 religious sites) and the
/// benchmark dataset of TARGETS.md (100k risks, 20k sites, 3k pipelines, ~300k road edges).
public struct DemoScale: Sendable, Equatable {
    public let name: String
    /// Half the side of the square city, in metres.
    public let halfSize: Double
    /// Road-grid nodes per side (edges ≈ 2·n·(n−1)).
    public let gridNodes: Int
    public let enterprises: Int
    public let majorRisks: Int
    public let significantRisks: Int
    public let generalRisks: Int
    public let lowRisks: Int
    public let sites: Int
    public let elderlyCare: Int
    public let religious: Int
    public let pipelines: Int
    public let fireStations: Int
    public let shelters: Int
    public let chemicalParks: Int
    public let reports: Int

    public static let small = DemoScale(name: "small", halfSize: 4_000, gridNodes: 30, enterprises: 300, majorRisks: 20,
                                        significantRisks: 330, generalRisks: 40, lowRisks: 20, sites: 200, elderlyCare: 6,
                                        religious: 8, pipelines: 30, fireStations: 6, shelters: 12, chemicalParks: 1, reports: 6)
    public static let city = DemoScale(name: "city", halfSize: 15_000, gridNodes: 120, enterprises: 8_000, majorRisks: 530,
                                       significantRisks: 10_000, generalRisks: 200, lowRisks: 80, sites: 3_000, elderlyCare: 25,
                                       religious: 45, pipelines: 400, fireStations: 30, shelters: 80, chemicalParks: 2, reports: 40)
    public static let suzhou = DemoScale(name: "suzhou", halfSize: 40_000, gridNodes: 389, enterprises: 73_728, majorRisks: 4_876,
                                         significantRisks: 92_639, generalRisks: 1_785, lowRisks: 700, sites: 20_000, elderlyCare: 163,
                                         religious: 303, pipelines: 3_000, fireStations: 150, shelters: 400, chemicalParks: 3, reports: 200)

    public static let all = [small, city, suzhou]

    public static func named(_ name: String) -> DemoScale? { all.first { $0.name == name } }

    public var risks: Int { majorRisks + significantRisks + generalRisks + lowRisks }
}
