import Dispatch
import Foundation
import GeoKit

/// How a place is reached from the nearest of some sources: the driving time to its nearest road point, which
/// source gets there first (its index among the sources asked), and how far the place lies from that road.
public struct Arrival: Sendable, Equatable {
    public var seconds: Double
    public var source: Int
    public var snapMetres: Double
}

extension RoutingNetwork {
    /// For each of `targets`, how it is reached from the nearest of `sources` within `limitSeconds`, under the
    /// query's avoidance: nil when no road lies within the target's snap distance or nothing reaches it in time.
    /// One Dijkstra from all the sources, then each target on its nearest road: the time to the road's ends
    /// plus the part of the road driven to the target's point, from whichever end the road may be driven.
    public func arrivals(from sources: [Coordinate], to targets: [(point: Coordinate, maxSnapMetres: Double)], limitSeconds: Double,
                         _ q: RouteQuery) throws(RoutingError)
        -> (arrivals: [Arrival?], sources: Int) {
        guard graph.roadCount > 0 else { throw .noRoads }
        guard limitSeconds > 0, limitSeconds <= Self.maxIsochroneMinutes * 60 else {
            throw .badInput("the time limit must be above 0 and at most \(Int(Self.maxIsochroneMinutes)) minutes")
        }
        let reach = reach(from: sources, limitSeconds: limitSeconds, q)
        guard !reach.snapped.isEmpty else { throw .badInput("no source lies within \(Int(q.maxSnapMetres)) m of a road") }
        // Putting each target on its road is most of the work and reads only immutable arrays: the targets are
        // shared among the cores, each writing its own slots.
        var arrivals = [Arrival?](repeating: nil, count: targets.count)
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, targets.count / 2_048))
        arrivals.withUnsafeMutableBufferPointer { out in
            let slots = UnsafeMutableBufferPointerBox(out)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let range = (targets.count * c / chunks)..<(targets.count * (c + 1) / chunks)
                for n in range { slots.buffer[n] = arrival(targets[n], reach, limitSeconds) }
            }
        }
        return (arrivals, reach.snapped.count)
    }

    /// How one target is reached: on its nearest road, from whichever end the road may be driven.
    private func arrival(_ target: (point: Coordinate, maxSnapMetres: Double), _ reach: Reach, _ limitSeconds: Double) -> Arrival? {
        guard let s = snap(target.point, maxMetres: target.maxSnapMetres) else { return nil }
        let along = Int(graph.roadAlong[s.road]), cost = reach.cost(s.road, graph)
        guard cost < .infinity else { return nil }
        let f = graph.roadMetres[s.road] > 0 ? s.offsetMetres / graph.roadMetres[s.road] : 0
        var best: Arrival?
        func consider(_ node: Int32, _ part: Double) {
            let t = reach.seconds[Int(node)] + part * cost
            if t <= limitSeconds, t < best?.seconds ?? .infinity {
                best = Arrival(seconds: t, source: Int(reach.origin[Int(node)]), snapMetres: s.distanceMetres)
            }
        }
        consider(graph.arcTail[along], f)
        if graph.roadAgainst[s.road] >= 0 { consider(graph.arcHead[along], 1 - f) }
        return best
    }
}

/// A buffer the concurrent chunks of `arrivals` write into, each its own slots.
private struct UnsafeMutableBufferPointerBox<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
