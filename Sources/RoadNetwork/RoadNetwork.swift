import GeoKit
import Routing
import Store
import Synchronization

/// The routing network of a store, kept current: built on first use with the writer held, then a `Follower`
/// of every commit. A change to the roads drops the network and a change to the risks, their sources, the
/// reports, the sites or the resources drops the hazards laid onto it and the fire stations; either is rebuilt by the
/// next route (lazily: a burst of edits
/// costs one rebuild). Writes by another process are noticed through `ExternalCommits` and drop it all.
public final class RoadNetwork: Follower {
    let store: Store
    private let commits: ExternalCommits

    private struct State {
        var network: RoutingNetwork?
        var fireStations: [FireStation] = []
        var hazardsStale = false
        /// Moves with every followed change, so a build that read an older snapshot is not kept.
        var generation = 0
    }

    private let state = Mutex(State())
    private let building = Mutex(())

    /// Layers whose changes drop the hazards (and the fire stations) but keep the graph.
    static let hazardLayers: Set<String> = [Catalog.risks.name, Catalog.riskSources.name, Catalog.reports.name, Catalog.sites.name,
                                            Catalog.resources.name]

    public init(store: Store) {
        self.store = store
        commits = ExternalCommits(store: store)
    }

    /// The current network, rebuilt first if a change made it stale.
    public func current() throws -> RoutingNetwork { try snapshot().network }

    /// The fire stations, as current as the network, where isochrones and coverage start: a `badInput` saying so
    /// when there are none (not that none of them lies near a road).
    public func fireStations() throws -> [FireStation] {
        let stations = try snapshot().fireStations
        guard !stations.isEmpty else { throw RoutingError.badInput("there are no fire stations (resources of kind fire_station…)") }
        return stations
    }

    private func snapshot() throws -> (network: RoutingNetwork, fireStations: [FireStation]) {
        if commits.changedSinceLastLook() { state.withLock { $0.network = nil } }
        if let n = state.withLock({ s in s.hazardsStale ? nil : s.network.map { ($0, s.fireStations) } }) { return n }
        return try building.withLock { _ in
            try store.withWriterSnapshot { db in
                let (old, stale, generation, stations) = state.withLock { ($0.network, $0.hazardsStale, $0.generation, $0.fireStations) }
                if let old, !stale { return (old, stations) }
                let hazards = try NetworkLoader.hazards(db)
                let network = try old.map { $0.with(hazards: hazards) } ?? RoutingNetwork(roads: try NetworkLoader.roads(db), hazards: hazards)
                let fireStations = try NetworkLoader.fireStations(db)
                state.withLock { s in
                    guard s.generation == generation else { return }
                    s.network = network
                    s.fireStations = fireStations
                    s.hazardsStale = false
                }
                return (network, fireStations)
            }
        }
    }

    public func follow(_ changes: ChangeSet, _ db: Connection) {
        let layers = Set(changes.changes.map(\.layer.name) + changes.bulkInserts.map(\.layer.name))
        guard layers.contains(Catalog.roads.name) || !layers.isDisjoint(with: Self.hazardLayers) else { return }
        state.withLock { s in
            s.generation += 1
            if layers.contains(Catalog.roads.name) { s.network = nil } else { s.hazardsStale = true }
        }
    }
}
