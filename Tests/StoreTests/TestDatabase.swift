import Foundation
import GeoKit
@_spi(RawSQL) @testable import Store

/// A fresh database file in its own temporary directory, removed when the value is released.
final class TestDatabase {
    let directory: URL
    let path: String
    let store: Store

    init(observers: [any WriteObserver] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("riskmap-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("test.sqlite").path
        store = try Store(path: path, create: true, observers: observers)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

let editor = WriteContext(actor: "test-editor", time: "2026-11-24T08:00:00Z")

func square(_ x: Double, _ y: Double, _ d: Double) -> [[Coordinate]] {
    [[Coordinate(x, y), Coordinate(x + d, y), Coordinate(x + d, y + d), Coordinate(x, y + d), Coordinate(x, y)]]
}

/// One plausible feature for each layer; `sourceID` is an existing risk source where a layer needs one.
func sampleFeature(_ layer: LayerSchema, sourceID: Int64 = 1) -> Feature {
    let p = Geometry.point(Coordinate(120.62, 31.31))
    switch layer.name {
    case "areas":
        return Feature(geometry: .multiPolygon([square(120.5, 31.2, 0.1)]), properties: ["name": "姑苏区", "level": "district", "code": "320508"])
    case "roads":
        return Feature(geometry: .lineString([Coordinate(120.6, 31.3), Coordinate(120.61, 31.3)]),
                       properties: ["name": "干将路", "class": "primary", "speed_kmh": 50.0, "oneway": 1, "hazmat": 0, "from_node": 1, "to_node": 2])
    case "risk_sources":
        return Feature(geometry: .polygon(square(120.6, 31.3, 0.002)),
                       properties: ["name": "苏州某化工有限公司", "credit_code": "91320500MA1XXXXX0X", "sector": "hazardous_chemicals",
                                    "district": "姑苏区", "hazard_grade": 2, "safety_score": 10, "safety_distance_m": 300.0])
    case "risks":
        return Feature(geometry: p, properties: ["source_id": .integer(sourceID), "name": "液氯储罐泄漏", "level": "major", "place": "罐区",
                                                 "part": "储罐", "measures": "双人巡检", "responsible": "张三", "impact_radius_m": 800.0,
                                                 "reported_on": "2026-11-01"])
    case "pipelines":
        return Feature(geometry: .lineString([Coordinate(120.6, 31.3), Coordinate(120.7, 31.35), Coordinate(120.8, 31.35)]),
                       properties: ["name": "西气东输支线", "kind": "gas_transmission", "diameter_mm": 610.0, "maop_mpa": 6.3, "medium": "天然气"])
    case "sites":
        return Feature(geometry: p, properties: ["name": "苏州市第一中学", "category": "school", "capacity": 2400, "protection_class": "high_sensitivity"])
    case "resources":
        return Feature(geometry: p, properties: ["name": "姑苏消防站", "kind": "fire_station_1", "capacity": 40])
    case "reports":
        return Feature(geometry: p, properties: ["reporter": "苏州某化工有限公司", "source_id": .integer(sourceID), "activity": "hot_work",
                                                 "level": "significant", "impact_radius_m": 150.0, "valid_from": "2026-11-24T00:00:00Z",
                                                 "valid_to": "2026-11-25T00:00:00Z", "status": "active"])
    case "alerts":
        return Feature(geometry: p, properties: ["cause_layer": "reports", "cause_id": 1, "level": "significant",
                                                 "message": "动火作业影响学校", "created_at": "2026-11-24T08:00:00Z"])
    default:
        fatalError("no sample for \(layer.name)")
    }
}
