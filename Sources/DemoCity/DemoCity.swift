import GeoKit
import Store

/// Writes a synthetic but realistic city near Suzhou into an empty store, deterministically for a seed.
public struct DemoCity {
    public static let centre = Coordinate(120.62, 31.31)
    /// The time every demo feature was "last changed": fixed, so that equal seeds give equal databases.
    public static let epoch = "2026-11-01T00:00:00Z"

    public struct Progress: Sendable {
        public let stage: String
        public let done: Int
        public let total: Int
    }

    public let scale: DemoScale
    public let seed: UInt64
    let frame = LocalFrame(centre: DemoCity.centre)
    let layout: CityLayout

    public init(scale: DemoScale, seed: UInt64) {
        self.scale = scale
        self.seed = seed
        layout = CityLayout(scale: scale)
    }

    /// Generates every layer in one transaction: either the whole city is written or nothing is.
    /// Returns the number of features written per layer.
    @discardableResult
    public func write(into store: Store, progress: @escaping (Progress) -> Void = { _ in }) throws -> [String: Int] {
        let existing = try store.read { r in try Catalog.layers.reduce(0) { $0 + (try r.count($1)) } }
        guard existing == 0 else {
            throw StoreError.conflict("the database already holds \(existing) features; the demo city needs an empty database")
        }
        let context = WriteContext(actor: "riskmap demo (\(scale.name), seed \(seed))", time: Self.epoch)
        return try store.write(context) { tx in
            var counts: [String: Int] = [:]
            func put(_ layer: LayerSchema, _ features: [Feature]) throws -> ClosedRange<Int64>? {
                let total = features.count
                progress(Progress(stage: layer.name, done: 0, total: total))
                let ids = try tx.bulkInsert(features, into: layer, note: "demo city \(scale.name), seed \(seed)") { done in
                    progress(Progress(stage: layer.name, done: done, total: total))
                }
                counts[layer.name] = total
                return ids
            }
            _ = try put(Catalog.areas, areas())
            var roadRNG = SeededRandom(seed: seed, stream: "roads")
            let grid = RoadGrid(scale: scale, rng: &roadRNG)
            _ = try put(Catalog.roads, roads(grid))
            let enterprises = self.enterprises()
            guard let sourceIDs = try put(Catalog.riskSources, enterprises.map(\.feature)) else { return counts }
            _ = try put(Catalog.risks, risks(enterprises, firstID: sourceIDs.lowerBound))
            _ = try put(Catalog.pipelines, pipelines(grid))
            _ = try put(Catalog.sites, sites())
            _ = try put(Catalog.resources, resources())
            _ = try put(Catalog.reports, reports(enterprises, firstID: sourceIDs.lowerBound))
            counts[Catalog.alerts.name] = 0
            return counts
        }
    }
}
