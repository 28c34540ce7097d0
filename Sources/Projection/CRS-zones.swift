import GeoKit

/// The zoned metric CRSs riskmap picks for a place: WGS 84 / UTM and CGCS2000 / 3-degree Gauss-Krüger.
extension CRS {
    /// The UTM zone number (1…60) of a longitude: 6° zones eastward from 180°W. The Norway and Svalbard
    /// exceptions of the official grid are not applied: the grid only needs a plane with small distortion.
    public static func utmZone(longitude: Double) -> Int {
        let zone = Int(((longitude + 180) / 6).rounded(.down)) % 60
        return (zone < 0 ? zone + 60 : zone) + 1
    }

    /// WGS 84 / UTM for the zone holding `point` (EPSG:326zz north of the equator, 327zz south).
    public static func utm(containing point: Coordinate) throws(ProjectionError) -> CRS {
        guard point.x >= -180, point.x <= 180, point.y >= -80, point.y <= 84 else {
            throw ProjectionError(kind: .noGridCRS, message: "UTM covers latitudes 80°S to 84°N only", point: point)
        }
        let zone = utmZone(longitude: point.x)
        return .epsg((point.y >= 0 ? 32600 : 32700) + zone)
    }

    /// The central meridians of CGCS2000 3° Gauss-Krüger zones 25 to 45, which cover China.
    public static let cgcs2000GaussKrugerMeridians = stride(from: 75, through: 135, by: 3)

    /// The central meridian (a multiple of 3°) of the 3° zone holding `longitude`: zones run from CM − 1.5° to
    /// CM + 1.5°, a longitude on a boundary belonging to the zone east of it.
    public static func gaussKruger3CentralMeridian(longitude: Double) -> Int {
        Int(((longitude + 1.5) / 3).rounded(.down)) * 3
    }

    /// CGCS2000 / 3-degree Gauss-Krüger CM nnnE for a central meridian from 75°E to 135°E.
    ///
    /// EPSG:4534 (CM 75°E) to EPSG:4554 (CM 135°E), one code per 3°, are the zones with false easting 500 000 m
    /// and no zone number in front of the easting (checked against proj.db; see docs/COORDINATES.md).
    /// EPSG:4513–4533 are the same zones with the zone number prefixed (false easting 25 500 000 m for zone 25),
    /// which riskmap accepts as input but does not choose: eastings of eight digits help nobody in a grid.
    public static func cgcs2000GaussKruger3(centralMeridian: Int) throws(ProjectionError) -> CRS {
        guard cgcs2000GaussKrugerMeridians.contains(centralMeridian) else {
            throw ProjectionError(kind: .noGridCRS,
                                  message: "no CGCS2000 3° Gauss-Krüger zone has central meridian \(centralMeridian)°E (75°E to 135°E by 3°)")
        }
        return .epsg(4534 + (centralMeridian - 75) / 3)
    }

    /// CGCS2000 / 3-degree Gauss-Krüger for the zone holding `point`.
    public static func cgcs2000GaussKruger3(containing point: Coordinate) throws(ProjectionError) -> CRS {
        let meridian = gaussKruger3CentralMeridian(longitude: point.x)
        guard cgcs2000GaussKrugerMeridians.contains(meridian), point.y >= 0, point.y <= 84 else {
            throw ProjectionError(kind: .noGridCRS,
                                  message: "CGCS2000 3° Gauss-Krüger zones cover 73.5°E to 136.5°E north of the equator",
                                  point: point)
        }
        return try cgcs2000GaussKruger3(centralMeridian: meridian)
    }
}
