/// Major-hazard grading of GB 18218-2018: R = α · Σ βᵢ · qᵢ / Qᵢ, and the grade from R (一级 R ≥ 100, 二级
/// 50 ≤ R < 100, 三级 10 ≤ R < 50, 四级 R < 10). α depends on the people within 500 m. The tables are data
/// (part of RiskModelConfig) so that a revision of the standard needs no new code.
public struct HazardGrading: Codable, Sendable, Equatable {
    /// α for at least `people` people within 500 m of the installation.
    public struct AlphaStep: Codable, Sendable, Equatable {
        public var people: Int
        public var alpha: Double

        public init(people: Int, alpha: Double) {
            self.people = people
            self.alpha = alpha
        }
    }

    /// One hazardous substance of the unit: its quantity q, its critical quantity Q (same unit, usually t) and
    /// its correction factor β (GB 18218 table 3).
    public struct Substance: Sendable, Equatable {
        public var beta: Double
        public var quantity: Double
        public var criticalQuantity: Double

        public init(beta: Double, quantity: Double, criticalQuantity: Double) {
            self.beta = beta
            self.quantity = quantity
            self.criticalQuantity = criticalQuantity
        }
    }

    /// A substance that cannot enter R (a critical quantity of zero would divide by zero).
    public struct InvalidSubstance: Error, Sendable, CustomStringConvertible {
        public let index: Int
        public let reason: String

        public var description: String { "substance \(index + 1): \(reason)" }
    }

    /// α steps, any order; the step with the largest `people` not above the count applies.
    public var alphaByPeople: [AlphaStep]
    /// The lowest R of grades 1, 2 and 3; anything below the last is grade 4.
    public var gradeThresholds: [Double]

    public init(alphaByPeople: [AlphaStep], gradeThresholds: [Double]) {
        self.alphaByPeople = alphaByPeople
        self.gradeThresholds = gradeThresholds
    }

    /// GB 18218-2018 table 4 (α) and section 4.2.3 (grades).
    public static let standard = HazardGrading(
        alphaByPeople: [AlphaStep(people: 100, alpha: 2.0), AlphaStep(people: 50, alpha: 1.5), AlphaStep(people: 30, alpha: 1.2),
                        AlphaStep(people: 1, alpha: 1.0), AlphaStep(people: 0, alpha: 0.5)],
        gradeThresholds: [100, 50, 10])

    public func alpha(peopleWithin500m people: Int) -> Double {
        alphaByPeople.filter { $0.people <= max(0, people) }.max { $0.people < $1.people }?.alpha ?? 0
    }

    /// R = α · Σ β · q / Q.
    public func rValue(alpha: Double, substances: [Substance]) throws(InvalidSubstance) -> Double {
        var sum = 0.0
        for (i, s) in substances.enumerated() {
            guard s.criticalQuantity > 0 else { throw InvalidSubstance(index: i, reason: "critical quantity Q must be > 0") }
            guard s.quantity >= 0, s.beta > 0 else { throw InvalidSubstance(index: i, reason: "q must be ≥ 0 and β > 0") }
            sum += s.beta * s.quantity / s.criticalQuantity
        }
        return alpha * sum
    }

    /// The grade (1 = 一级 … 4 = 四级) of an R value.
    public func grade(r: Double) -> Int {
        for (i, threshold) in gradeThresholds.enumerated() where r >= threshold { return i + 1 }
        return gradeThresholds.count + 1
    }

    /// R and grade for a unit in one step.
    public func grade(peopleWithin500m people: Int, substances: [Substance]) throws(InvalidSubstance) -> (r: Double, grade: Int) {
        let r = try rValue(alpha: alpha(peopleWithin500m: people), substances: substances)
        return (r, grade(r: r))
    }

    var problems: [String] {
        var p: [String] = []
        if alphaByPeople.isEmpty || !alphaByPeople.contains(where: { $0.people == 0 }) {
            p.append("hazardGrading.alphaByPeople needs a step for 0 people")
        }
        if gradeThresholds.count != 3 || gradeThresholds != gradeThresholds.sorted(by: >) {
            p.append("hazardGrading.gradeThresholds must be three decreasing R values (grades 1, 2, 3)")
        }
        return p
    }
}
