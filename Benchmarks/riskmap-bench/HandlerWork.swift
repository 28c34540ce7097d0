import GeoKit
import RoadNetwork
import Routing

/// What `POST /routes` computes per request, in process and phase by phase, on graph-export's pairs: the body as
/// the HTTP client sends it read (`RouteRequest.query`), the answer (`route`), and the GeoJSON written (both lines);
/// so the server's handler time (its Server-Timing) can be compared with the same work done here, and the in-process
/// column of the pgRouting table (the route alone) is not taken for the handler's.
struct HandlerWork {
    let network: RoutingNetwork

    struct Phases {
        var parse: [Double] = [], route: [Double] = [], write: [Double] = [], total: [Double] = []
        var bytes = 0
    }

    /// The body the HTTP client of Benchmarks/peers/pgrouting_routes.py sends: the two points as a MultiPoint,
    /// `shortest`, and the circles as Point features with a radius, closed.
    static func body(from a: Coordinate, to b: Coordinate, circles: [(Coordinate, Double)]) -> [UInt8] {
        var w = JSONWriter(capacity: 8 * 1024)
        w.raw("{\"waypoints\":{\"type\":\"MultiPoint\",\"coordinates\":[")
        w.position(a)
        w.byte(UInt8(ascii: ","))
        w.position(b)
        w.raw("]},\"preference\":\"shortest\"")
        if !circles.isEmpty {
            w.raw(",\"obstacles\":{\"type\":\"FeatureCollection\",\"features\":")
            w.array(circles) { w, c in
                w.raw("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":")
                w.position(c.0)
                w.raw("},\"properties\":{\"radius\":")
                w.number(c.1)
                w.raw("}}")
            }
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "}"))
        return w.bytes
    }

    /// Each body in turn, `rounds` times over (the first round not counted: it warms the search states).
    func run(_ bodies: [[UInt8]], rounds: Int) throws -> Phases {
        var p = Phases()
        for round in 0...rounds {
            for body in bodies {
                let t0 = Harness.now()
                let q = try RouteRequest.query(json: body)
                let t1 = Harness.now()
                let a = try network.route(q)
                let t2 = Harness.now()
                var w = JSONWriter(capacity: 16 * 1024)
                RouteGeoJSON.write(a, q, into: &w)
                let t3 = Harness.now()
                guard round > 0 else { continue }
                p.parse.append(t1 - t0)
                p.route.append(t2 - t1)
                p.write.append(t3 - t2)
                p.total.append(t3 - t0)
                p.bytes += w.bytes.count
            }
        }
        return p
    }

    /// One Markdown row: each phase's p50 (and the total's p99), the mean answer size.
    static func row(_ name: String, _ p: Phases) -> String {
        func q(_ v: [Double], _ f: Double) -> String { Harness.ms(Measurement(name: "", samples: v.sorted(), checksum: 0).percentile(f)) }
        return "| \(name) | \(p.total.count) | \(q(p.parse, 0.5)) ms | \(q(p.route, 0.5)) ms | \(q(p.write, 0.5)) ms | "
            + "\(q(p.total, 0.5)) / \(q(p.total, 0.99)) ms | \(p.bytes / max(p.total.count, 1)) B |"
    }
}
