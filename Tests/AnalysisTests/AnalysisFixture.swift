import Analysis
import Foundation
import GeoKit
import Store

/// A hand-built neighbourhood around a kindergarten site at `origin` whose answers are known: a major-hazard
/// enterprise 150 m north with a 300 m safety distance and a major risk, a 610 mm 6.3 MPa gas pipeline
/// running north–south 140 m east (r = 151.6 m), a fire station 1.2 km west, a shelter 800 m south.
final class AnalysisFixture {
    static let origin = Coordinate(120.60, 31.30)
    let dir: URL
    let store: Store
    let index: HazardIndex
    var enterprise: Int64 = 0
    var risk: Int64 = 0
    var pipeline: Int64 = 0

    /// `dx` metres east and `dy` north of the origin (on the origin's local plane: sub-millimetre here).
    static func at(_ dx: Double, _ dy: Double) -> Coordinate {
        LocalPlane(origin: origin).unproject(dx, dy)
    }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-analysis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store(path: dir.appendingPathComponent("db.sqlite").path, create: true)
        (enterprise, risk, pipeline) = try store.write(WriteContext(actor: "test")) { tx in
            let e = try tx.insert(Feature(geometry: .point(Self.at(0, 150)),
                                          properties: ["name": "甲化工", "sector": "hazardous_chemicals", "hazard_grade": 1, "safety_distance_m": 300]),
                                  into: Catalog.riskSources).id!
            let r = try tx.insert(Feature(geometry: nil, properties: ["source_id": .integer(e), "name": "液氯储罐", "level": "major"]), into: Catalog.risks).id!
            let p = try tx.insert(Feature(geometry: .lineString([Self.at(140, -2_000), Self.at(140, 2_000)]),
                                          properties: ["name": "西气东输支线", "kind": "gas_transmission", "diameter_mm": 610, "maop_mpa": 6.3]),
                                  into: Catalog.pipelines).id!
            _ = try tx.insert(Feature(geometry: .point(Self.at(-1_200, 0)), properties: ["name": "西站", "kind": "fire_station_1"]), into: Catalog.resources)
            _ = try tx.insert(Feature(geometry: .point(Self.at(0, -800)), properties: ["name": "南公园", "kind": "shelter_emergency"]), into: Catalog.resources)
            _ = try tx.insert(Feature(geometry: .point(Self.at(30_000, 0)), properties: ["name": "远处", "sector": "gas"]), into: Catalog.riskSources)
            return (e, r, p)
        }
        index = HazardIndex(store: store)
        store.follow(index)
    }

    deinit {
        try? FileManager.default.removeItem(at: dir)
    }
}
