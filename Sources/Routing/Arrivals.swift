import Foundation
import GeoKit
import Synchronization

/// How a place is reached from the nearest of some sources: the driving time to its nearest road point, which
/// source gets there first (its index among the sources asked), and how far the place lies from that road.
public struct Arrival: Sendable, Equatable {
    public var seconds: Double
    public var source: Int
    public var snapMetres: Double
}

/// A place's position on its nearest road, as much of it as reaching it needs; small, so that the positions of
/// a city's grid cells can be kept (`positions(keys:…)`).
public struct RoadPosition: Sendable, Equatable {
    let road: Int32
    /// Metres along the road's line.
    let offsetMetres: Float
    /// Metres from the place to the road.
    let snapMetres: Float
}

extension RoutingNetwork {
    /// For each of `targets`, how it is reached from the nearest of `sources` within `limitSeconds`, under the
    /// query's avoidance: nil when no road lies within the target's snap distance or nothing reaches it in time.
    public func arrivals(from sources: [Coordinate], to targets: [(point: Coordinate, maxSnapMetres: Double)], limitSeconds: Double,
                         _ q: RouteQuery) throws(RoutingError) -> (arrivals: [Arrival?], sources: Int) {
        try arrivals(from: sources, at: positions(of: targets), limitSeconds: limitSeconds, q)
    }

    /// For each of `targets` (positions on the roads), how it is reached: one Dijkstra from all the sources, then
    /// for each target the time to its road's ends plus the part of the road driven to it, from whichever end the
    /// road may be driven.
    public func arrivals(from sources: [Coordinate], at targets: [RoadPosition?], limitSeconds: Double,
                         _ q: RouteQuery) throws(RoutingError) -> (arrivals: [Arrival?], sources: Int) {
        guard graph.roadCount > 0 else { throw .noRoads }
        guard limitSeconds > 0, limitSeconds <= Self.maxIsochroneMinutes * 60 else {
            throw .badInput("the time limit must be above 0 and at most \(Int(Self.maxIsochroneMinutes)) minutes")
        }
        let reach = reach(from: sources, limitSeconds: limitSeconds, q)
        guard !reach.snapped.isEmpty else { throw .badInput("no source lies within \(Int(q.maxSnapMetres)) m of a road") }
        return (targets.map { $0.flatMap { arrival($0, reach, limitSeconds) } }, reach.snapped.count)
    }

    /// Each point's position on its nearest road within its snap distance. Putting a city's places on their roads
    /// reads only immutable arrays: the points are shared among the cores, each writing its own slots.
    public func positions(of targets: [(point: Coordinate, maxSnapMetres: Double)]) -> [RoadPosition?] {
        var out = [RoadPosition?](repeating: nil, count: targets.count)
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, targets.count / 2_048))
        out.withUnsafeMutableBufferPointer { out in
            let slots = UnsafeMutableBufferPointerBox(out)
            eachChunk(chunks) { c in
                for n in (targets.count * c / chunks)..<(targets.count * (c + 1) / chunks) {
                    slots.buffer[n] = snap(targets[n].point, maxMetres: targets[n].maxSnapMetres).map {
                        RoadPosition(road: Int32($0.road), offsetMetres: Float($0.offsetMetres), snapMetres: Float($0.distanceMetres))
                    }
                }
            }
        }
        return out
    }

    /// The positions of places that never move, named by `keys` in `namespace` (a grid's cells: their keys in
    /// its geometry): those found before on these roads are kept, the others' `points` worked out and placed.
    /// The roads' network keeps them until the roads change.
    public func positions(keys: [UInt64], namespace: String, maxSnapMetres: Double,
                          points: ([UInt64]) throws -> [Coordinate]) rethrows -> [RoadPosition?] {
        var out = [RoadPosition?](repeating: nil, count: keys.count)
        let missing = kept.look(keys, namespace: namespace, into: &out)
        guard !missing.isEmpty else { return out }
        let found = positions(of: try points(missing.map { keys[$0] }).map { ($0, maxSnapMetres) })
        for (n, p) in zip(missing, found) { out[n] = p }
        kept.keep(missing.map { keys[$0] }, found, namespace: namespace)
        return out
    }

    /// How one target is reached: on its road, from whichever end the road may be driven.
    private func arrival(_ p: RoadPosition, _ reach: Reach, _ limitSeconds: Double) -> Arrival? {
        let road = Int(p.road)
        let along = Int(graph.roadAlong[road]), cost = reach.cost(road, graph)
        guard cost < .infinity else { return nil }
        let f = graph.roadMetres[road] > 0 ? Double(p.offsetMetres) / graph.roadMetres[road] : 0
        var best: Arrival?
        func consider(_ node: Int32, _ part: Double) {
            let t = reach.seconds[Int(node)] + part * cost
            if t <= limitSeconds, t < best?.seconds ?? .infinity {
                best = Arrival(seconds: t, source: Int(reach.origin[Int(node)]), snapMetres: Double(p.snapMetres))
            }
        }
        consider(graph.arcTail[along], f)
        if graph.roadAgainst[road] >= 0 { consider(graph.arcHead[along], 1 - f) }
        return best
    }
}

/// Road positions of places that never move, by key, for one namespace at a time; shared by the copies of a
/// network that have the same roads.
final class KeptPositions: Sendable {
    private let state = Mutex<(namespace: String, positions: [UInt64: RoadPosition?])>(("", [:]))

    /// Fills `out` with the kept positions of `keys`; returns the indices of those not kept.
    func look(_ keys: [UInt64], namespace: String, into out: inout [RoadPosition?]) -> [Int] {
        state.withLock { s in
            guard s.namespace == namespace else { return Array(keys.indices) }
            var missing: [Int] = []
            for (n, k) in keys.enumerated() {
                if let p = s.positions[k] { out[n] = p } else { missing.append(n) }
            }
            return missing
        }
    }

    func keep(_ keys: [UInt64], _ found: [RoadPosition?], namespace: String) {
        state.withLock { s in
            if s.namespace != namespace { s = (namespace, [:]) }
            for (k, p) in zip(keys, found) { s.positions[k] = .some(p) }
        }
    }

    var count: Int { state.withLock { $0.positions.count } }
}

/// A buffer the concurrent chunks of `positions` write into, each its own slots.
private struct UnsafeMutableBufferPointerBox<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
