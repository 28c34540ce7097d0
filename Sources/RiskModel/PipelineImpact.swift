/// The potential impact radius of a natural-gas pipeline (ASME B31.8S, GB 32167-2015): r = c · d · √p with
/// d the outside diameter in mm, p the maximum allowable operating pressure in MPa and c = 0.099, giving metres.
/// A 610 mm line at 6.3 MPa reaches 151.6 m.
public enum PipelineImpact {
    /// r in metres, or nil when the diameter or pressure is unknown or not positive.
    public static func radius(diameterMM: Double?, maopMPa: Double?, coefficient: Double = 0.099) -> Double? {
        guard let d = diameterMM, let p = maopMPa, d > 0, p > 0, d.isFinite, p.isFinite else { return nil }
        return coefficient * d * p.squareRoot()
    }
}
