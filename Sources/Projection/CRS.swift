/// A coordinate reference system as PROJ names it: "EPSG:4326", a PROJ string, WKT or PROJJSON.
///
/// Only a name here; PROJ parses it when a `Transformer` is built, so a bad definition is reported there with
/// PROJ's own message.
public struct CRS: Hashable, Sendable, CustomStringConvertible {
    public let definition: String

    public init(_ definition: String) {
        self.definition = definition
    }

    public static func epsg(_ code: Int) -> CRS { CRS("EPSG:\(code)") }

    /// WGS 84 geographic, the CRS every riskmap layer is stored in.
    public static let wgs84 = CRS.epsg(4326)
    /// CGCS2000 geographic (China Geodetic Coordinate System 2000).
    public static let cgcs2000 = CRS.epsg(4490)

    /// The EPSG code when the definition is "EPSG:n".
    public var epsgCode: Int? {
        let parts = definition.split(separator: ":")
        guard parts.count == 2, parts[0].uppercased() == "EPSG" else { return nil }
        return Int(parts[1])
    }

    public var description: String { definition }
}
