import GeoKit
import RiskGrid
import RiskModel
import Routing
import Store

/// Fire-station coverage: what the city's fire stations reach by road within some minutes (GB 51080-2015: a
/// station reaches the edge of its area within 5 minutes of setting out). One search from every station at once
/// gives each place the first station to reach it. The gaps are the crowded sites no station reaches in time, each
/// with the time it is reached in (measured up to `horizon` times the limit), and the areas of the grid's two
/// highest classes no station reaches, outlined per class.
public struct Coverage: Sendable {
    public enum Kind: String, Sendable { case site, enterprise }

    /// A place and how it is reached: the first station (index into `stations`) and the driving time; nil when no
    /// station reaches it within the horizon or no road lies within the snap distance.
    public struct Place: Sendable {
        public let kind: Kind
        public let id: Int64
        public let name: String?
        /// A site's category, an enterprise's colour.
        public let detail: String?
        public let capacity: Int64?
        public let geometry: Geometry
        public let arrival: Arrival?
    }

    /// The cells of one class no station reaches in time, as the polygons of their outline.
    public struct GapArea: Sendable {
        public let colour: RiskColour
        public let cells: Int
        public let polygons: [[[Coordinate]]]
    }

    public struct Station: Sendable {
        public let station: FireStation
        /// Enterprises and crowded sites this station reaches first (within the horizon).
        public var enterprisesFirst = 0
        public var sitesFirst = 0
    }

    public let minutes: Double
    public var stations: [Station]
    /// Stations that lay on a road (the others reach nothing).
    public var stationsOnRoad = 0
    public var cells = (total: 0, uncovered: 0)
    public var sites = (total: 0, uncovered: 0)
    public var enterprises = (total: 0, reached: 0)
    public var gapAreas: [GapArea] = []
    public var siteGaps: [Place] = []
    /// Every enterprise with the station that reaches it first, when asked for.
    public var enterpriseArrivals: [Place]?

    /// Times past the limit are still measured up to this many times it, so a gap says how far off it is.
    public static let horizon = 3.0
    /// A cell counts as reached when a road within this distance of its centre is reached in time.
    public static let cellSnapMetres = 150.0
    /// The outline raster's cells at most; a larger spread of gaps is outlined in coarser cells.
    static let maxRasterCells = 16_000_000

    public func covered(_ p: Place) -> Bool { (p.arrival?.seconds ?? .infinity) <= minutes * 60 }
}

extension RoadNetwork {
    /// The coverage of every fire station within `minutes` under the query's avoidance (`q.at` selects the grid's
    /// temporary items and the crowded sites' windows). `grid` is nil when the grid is not built: then no cells.
    public func coverage(minutes: Double, _ q: RouteQuery, grid: GridQuery?, db: Connection, listEnterprises: Bool) throws -> Coverage {
        guard minutes > 0, minutes <= RoutingNetwork.maxIsochroneMinutes else {
            throw RoutingError.badInput("minutes must be above 0 and at most \(Int(RoutingNetwork.maxIsochroneMinutes))")
        }
        let stations = try fireStations()
        let cells = try grid?.baseCells(of: [.red, .orange], at: q.at) ?? []
        let network = try current()
        // A cell's place on the roads is kept with the roads: a cell's centre never moves in its grid's geometry.
        let cellPositions = try grid.map { grid in
            try network.positions(keys: cells.map { Self.packed($0.key) }, namespace: "\(grid.geometry.crs) \(grid.geometry.cellSize)",
                                  maxSnapMetres: Coverage.cellSnapMetres) { keys in
                try grid.centres(of: keys.map(Self.cellKey))
            }
        } ?? []
        var places: [(kind: Coverage.Kind, id: Int64, name: String?, detail: String?, capacity: Int64?, geometry: Geometry, point: Coordinate)] = []
        for window in [WindowSelection.permanent, .activeAt(Timestamp.format(epochSeconds: q.at))] {
            try db.scan(Catalog.sites, fields: ["name", "category", "capacity"], window: window) { row in
                let g = try row.withGeometry { try SpatiaLiteBlob.decode($0).geometry }
                places.append((.site, row.id, row.text(0), row.text(1), row.int64(2), g, LabelPoint.of(g) ?? g.bbox.center))
            }
        }
        try db.scan(Catalog.riskSources, fields: ["name", "colour"]) { row in
            let g = try row.withGeometry { try SpatiaLiteBlob.decode($0).geometry }
            let p = LabelPoint.of(g) ?? g.bbox.center
            places.append((.enterprise, row.id, row.text(0), row.text(1), nil, .point(p), p))
        }
        let targets = cellPositions + network.positions(of: places.map { ($0.point, q.maxSnapMetres) })
        let (arrivals, onRoad) = try network.arrivals(from: stations.map(\.point), at: targets,
                                                      limitSeconds: min(minutes * Coverage.horizon, RoutingNetwork.maxIsochroneMinutes) * 60, q)
        var c = Coverage(minutes: minutes, stations: stations.map { Coverage.Station(station: $0) }, stationsOnRoad: onRoad)
        var uncovered: [RiskColour: [CellKey]] = [:]
        for (cell, arrival) in zip(cells, arrivals) where (arrival?.seconds ?? .infinity) > minutes * 60 {
            if let colour = cell.colour { uncovered[colour, default: []].append(cell.key) }
        }
        c.cells = (cells.count, uncovered.values.reduce(0) { $0 + $1.count })
        if let grid {
            for colour in [RiskColour.red, .orange] {
                guard let keys = uncovered[colour] else { continue }
                c.gapAreas.append(Coverage.GapArea(colour: colour, cells: keys.count, polygons: try Self.outline(keys, grid)))
            }
        }
        var listed: [Coverage.Place] = []
        for (p, arrival) in zip(places, arrivals.dropFirst(cells.count)) {
            let place = Coverage.Place(kind: p.kind, id: p.id, name: p.name, detail: p.detail, capacity: p.capacity, geometry: p.geometry, arrival: arrival)
            let covered = c.covered(place)
            switch p.kind {
            case .site:
                c.sites.total += 1
                if let a = arrival { c.stations[a.source].sitesFirst += 1 }
                if !covered { c.sites.uncovered += 1; c.siteGaps.append(place) }
            case .enterprise:
                c.enterprises.total += 1
                if let a = arrival { c.stations[a.source].enterprisesFirst += 1 }
                if covered { c.enterprises.reached += 1 }
                if listEnterprises { listed.append(place) }
            }
        }
        if listEnterprises { c.enterpriseArrivals = listed }
        return c
    }

    /// A base cell's key in 64 bits (column and row, 32 each), and back.
    static func packed(_ k: CellKey) -> UInt64 { UInt64(UInt32(truncatingIfNeeded: k.i)) << 32 | UInt64(UInt32(truncatingIfNeeded: k.j)) }
    static func cellKey(_ p: UInt64) -> CellKey {
        CellKey(level: 0, i: Int(Int32(truncatingIfNeeded: p >> 32)), j: Int(Int32(truncatingIfNeeded: p & 0xFFFF_FFFF)))
    }

    /// The outline of base cells `keys` in lon/lat: rings along the cells' edges (in coarser cells when they
    /// spread too far for one raster).
    static func outline(_ keys: [CellKey], _ grid: GridQuery) throws -> [[[Coordinate]]] {
        guard let first = keys.first else { return [] }
        var (i0, i1, j0, j1) = (first.i, first.i, first.j, first.j)
        for k in keys { (i0, i1, j0, j1) = (min(i0, k.i), max(i1, k.i), min(j0, k.j), max(j1, k.j)) }
        var step = 1
        while ((i1 - i0) / step + 1) * ((j1 - j0) / step + 1) > Coverage.maxRasterCells { step *= 2 }
        let width = (i1 - i0) / step + 1, height = (j1 - j0) / step + 1
        var marked = [Bool](repeating: false, count: width * height)
        for k in keys { marked[(k.j - j0) / step * width + (k.i - i0) / step] = true }
        let polygons = RasterOutline.polygons(marked: marked, width: width, height: height)
        let vertices = polygons.flatMap { $0.flatMap { $0 } }.map { (i: i0 + $0.x * step, j: j0 + $0.y * step) }
        var lonLat = try grid.lonLat(ofVertices: vertices)[...]
        return polygons.map { rings in
            rings.map { ring in
                let cs = Array(lonLat.prefix(ring.count))
                lonLat = lonLat.dropFirst(ring.count)
                return cs + [cs[0]]
            }
        }
    }
}
