import GeoKit
import RiskGrid
import RiskModel
import Routing
import Store

/// Reads the roads and the hazards a route may avoid through Store's layer scans (no SQL here).
public enum NetworkLoader {
    public static func roads(_ db: Connection) throws -> [RoadInput] {
        var roads: [RoadInput] = []
        try db.scan(Catalog.roads, fields: ["name", "class", "speed_kmh", "oneway", "hazmat"]) { row in
            guard case .lineString(let line) = try row.withGeometry({ try SpatiaLiteBlob.decode($0).geometry }) else { return }
            let speed = row.double(2) ?? RoadInput.defaultSpeedKmh[row.text(1) ?? ""] ?? 30
            roads.append(RoadInput(id: row.id, name: row.text(0), line: line, speedKmh: speed, oneway: row.int64(3) == 1,
                                   hazmat: row.int64(4) != 0))
        }
        return roads
    }

    /// Every risk's impact circle (its radius, else its source's external safety distance, else the level's
    /// default), every active report's and every crowded site's (for hazardous goods), with their windows.
    public static func hazards(_ db: Connection) throws -> [Hazard] {
        let config = (try? GridStore.meta(db)?.config) ?? .standard
        var safetyDistance: [Int64: Double] = [:]
        try db.scan(Catalog.riskSources, fields: ["safety_distance_m"]) { row in
            if let d = row.double(0) { safetyDistance[row.id] = d }
        }
        var hazards: [Hazard] = []
        try db.scan(Catalog.risks, fields: ["source_id", "level", "impact_radius_m", "valid_from", "valid_to"]) { row in
            guard let level = RiskLevel(rawValue: row.text(1) ?? ""), let center = try Self.center(row) else { return }
            let radius = row.double(2) ?? row.int64(0).flatMap { safetyDistance[$0] } ?? config.defaultImpactRadiusM[level]
            hazards.append(Hazard(label: "risks/\(row.id)", level: level.rank, center: center, radiusM: radius,
                                  from: row.text(3).flatMap(Timestamp.parse), to: row.text(4).flatMap(Timestamp.parse)))
        }
        try db.scan(Catalog.reports, fields: ["level", "impact_radius_m", "valid_from", "valid_to", "status"]) { row in
            guard row.text(4) == "active", let level = RiskLevel(rawValue: row.text(0) ?? ""),
                  let g = try? row.withGeometry({ try SpatiaLiteBlob.decode($0).geometry }) else { return }
            // A report drawn as an area reaches its impact radius beyond the area's farthest corner.
            let box = g.bbox
            let spread = LocalMetres(latitude: box.center.y).distance(Coordinate(box.minX, box.minY), Coordinate(box.maxX, box.maxY)) / 2
            hazards.append(Hazard(label: "reports/\(row.id)", level: level.rank, center: box.center,
                                  radiusM: (row.double(1) ?? config.defaultImpactRadiusM[level]) + spread,
                                  from: row.text(2).flatMap(Timestamp.parse), to: row.text(3).flatMap(Timestamp.parse)))
        }
        // Crowded sites, which hazardous-goods vehicles keep away from (an area: from its farthest corner).
        try db.scan(Catalog.sites, fields: ["valid_from", "valid_to"]) { row in
            let g = try row.withGeometry { try SpatiaLiteBlob.decode($0).geometry }
            let box = g.bbox
            let spread = LocalMetres(latitude: box.center.y).distance(Coordinate(box.minX, box.minY), Coordinate(box.maxX, box.maxY)) / 2
            hazards.append(Hazard(label: "sites/\(row.id)", level: Hazard.crowdedSite, center: box.center, radiusM: Hazard.crowdedSiteRadiusM + spread,
                                  from: row.text(0).flatMap(Timestamp.parse), to: row.text(1).flatMap(Timestamp.parse)))
        }
        return hazards
    }

    /// The fire stations (resources of the fire_station kinds): the sources of coverage isochrones.
    public static func fireStations(_ db: Connection) throws -> [FireStation] {
        var stations: [FireStation] = []
        try db.scan(Catalog.resources, fields: ["kind", "name"]) { row in
            if row.text(0)?.hasPrefix("fire_station") == true, let c = try center(row) {
                stations.append(FireStation(id: row.id, name: row.text(1) ?? "", point: c))
            }
        }
        return stations
    }

    private static func center(_ row: ScanRow) throws -> Coordinate? {
        let g = try row.withGeometry { try SpatiaLiteBlob.decode($0).geometry }
        if case .point(let c) = g { return c }
        return g.bbox.center
    }
}
