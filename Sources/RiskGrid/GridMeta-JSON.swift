import GeoKit
import RiskModel

extension GridMeta {
    /// How a coarser cell's index comes from the base cells it covers.
    public static let aggregation = "max"

    /// The grid's parameters and colour classes as JSON (`/grid/meta`, `riskmap grid config --built`): the class
    /// mode, the configured thresholds and shares, and `breaks`, the lowest index of each class in force; with
    /// `census`, the stored cells with an index > 0 of each level and how many fall in each class.
    public func writeJSON(into w: inout JSONWriter, census: [GridQuery.Census] = []) {
        w.raw("{\"crs\":")
        w.string(geometry.crs.definition)
        w.raw(",\"cell_size_m\":")
        w.number(geometry.cellSize)
        w.raw(",\"levels\":")
        w.number(Int64(geometry.levels))
        w.raw(",\"built_at\":")
        w.string(builtAt)
        w.raw(",\"classes\":{\"mode\":")
        w.string(config.classes.mode.rawValue)
        w.raw(",\"shares\":")
        Self.write(config.classes.shares, into: &w)
        w.raw(",\"thresholds\":")
        Self.write(config.combined.thresholds, into: &w)
        w.raw(",\"breaks\":")
        Self.write(breaks, into: &w)
        w.raw(",\"aggregation\":")
        w.string(Self.aggregation)
        w.byte(UInt8(ascii: "}"))
        if !census.isEmpty {
            w.raw(",\"census\":")
            w.array(census) { w, c in
                w.raw("{\"level\":")
                w.number(Int64(c.level))
                w.raw(",\"cells\":")
                w.number(Int64(c.cells))
                for colour in RiskColour.allCases {
                    w.byte(UInt8(ascii: ","))
                    w.key(colour.rawValue)
                    w.number(Int64(c.byClass[colour] ?? 0))
                }
                w.byte(UInt8(ascii: "}"))
            }
        }
        w.byte(UInt8(ascii: "}"))
    }

    static func write(_ v: PerColour<Double>, into w: inout JSONWriter) {
        w.object(RiskColour.allCases) { w, c in
            w.key(c.rawValue)
            w.number(v[c])
        }
    }
}
