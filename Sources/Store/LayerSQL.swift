import GeoKit

/// The SQL text riskmap uses for one layer, built once. Identifiers come from the catalog only, never from
/// a request, so they are safe to splice; every value is a bound parameter.
struct LayerSQL: Sendable {
    /// The columns `select` reads, in order (what `Statement.feature` decodes), quoted.
    let columns: [String]
    let select: String
    let selectByID: String
    let insert: String
    let update: String
    let delete: String

    init(_ layer: LayerSchema) {
        columns = ["fid"] + layer.fields.map { "\"\($0.name)\"" } + ["geom"]
        let writable = layer.writableFields.map { "\"\($0.name)\"" }
        select = "SELECT \(columns.joined(separator: ", ")) FROM \(layer.name)"
        selectByID = select + " WHERE fid = ?"
        let params = Array(repeating: "?", count: writable.count + 2).joined(separator: ", ")
        insert = "INSERT INTO \(layer.name) (\(writable.joined(separator: ", ")), updated_at, geom) VALUES (\(params))"
        update = "UPDATE \(layer.name) SET " + (writable + ["updated_at", "geom"]).map { "\($0) = ?" }.joined(separator: ", ")
            + " WHERE fid = ?"
        delete = "DELETE FROM \(layer.name) WHERE fid = ?"
    }

    private static let byLayer: [String: LayerSQL] = Dictionary(uniqueKeysWithValues: Catalog.layers.map { ($0.name, LayerSQL($0)) })

    static func of(_ layer: LayerSchema) -> LayerSQL { byLayer[layer.name] ?? LayerSQL(layer) }
}

extension Statement {
    /// Reads a row produced by `LayerSQL.select` into a feature.
    func feature(_ layer: LayerSchema) throws -> Feature {
        var properties: [String: Value] = [:]
        properties.reserveCapacity(layer.fields.count)
        for (i, field) in layer.fields.enumerated() {
            properties[field.name] = value(Int32(i + 1))
        }
        let geomColumn = Int32(layer.fields.count + 1)
        let geometry: Geometry? = isNull(geomColumn) ? nil : try withBlob(geomColumn) { try SpatiaLiteBlob.decode($0).geometry }
        return Feature(id: int64(0), geometry: geometry, properties: properties)
    }
}
