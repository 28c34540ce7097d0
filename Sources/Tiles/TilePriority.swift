/// One priority order across every layer of a composite tile, for the budget (`TileBuilder.build(budget:)`): it
/// drops from the top of this table down and never drops a feature while one above it stays. Context goes
/// first: roads by class, areas, resources, pipelines by kind, sites by protection class, then the grid's
/// heatmap cells by class (a hole in the heatmap reads as "no risk", worse than a missing road or site, but the
/// cells only summarise the risk features, which outrank them). Risk sources, reports and risks come last,
/// interleaved by severity, most severe last of all: no red or orange one is dropped while any context feature,
/// or any less severe risk feature, of the tile remains. Within one severity a risk outlasts a report, and a
/// report the enterprise it is about (whose colour is its worst risk's level).
///
/// A feature's priority is its step's index. Each layer names the attribute its steps go by (`TileLayer`);
/// a step without values takes the layer's other values, and features without the attribute.
enum TilePriority {
    struct Step {
        let layer: String
        let values: [String]

        init(_ layer: String, _ values: [String] = []) {
            self.layer = layer
            self.values = values
        }
    }

    static let order: [Step] = [
        Step("roads"), Step("roads", ["tertiary"]), Step("roads", ["secondary"]), Step("roads", ["primary"]),
        Step("roads", ["trunk"]), Step("roads", ["motorway"]),
        Step("areas"), Step("areas", ["district", "park"]), Step("areas", ["city"]),
        Step("resources"), Step("resources", ["fire_station_1", "fire_station_2", "fire_station_small"]),
        Step("pipelines"), Step("pipelines", ["oil", "product_oil", "chemical"]), Step("pipelines", ["gas_transmission"]),
        Step("sites"), Step("sites", ["important"]), Step("sites", ["high_sensitivity"]),
        Step("grid"), Step("grid", ["blue"]), Step("grid", ["yellow"]), Step("grid", ["orange"]), Step("grid", ["red"]),
        Step("risk_sources"), Step("reports"), Step("risks"),
        Step("risk_sources", ["yellow"]), Step("reports", ["general"]), Step("risks", ["general"]),
        Step("risk_sources", ["orange"]), Step("reports", ["significant"]), Step("risks", ["significant"]),
        Step("risk_sources", ["red"]), Step("reports", ["major"]), Step("risks", ["major"]),
    ]

    /// A layer's priorities by the value of `field`, from the table.
    static func rank(_ layer: String, by field: String) -> TileLayer.Rank {
        var ranks: [String: Int] = [:]
        var otherwise: Int?
        for (i, step) in order.enumerated() where step.layer == layer {
            if step.values.isEmpty { otherwise = i }
            for v in step.values { ranks[v] = i }
        }
        guard let otherwise else { preconditionFailure("TilePriority.order has no step for \(layer)'s other values") }
        return TileLayer.Rank(field: field, ranks: ranks, otherwise: otherwise)
    }
}
