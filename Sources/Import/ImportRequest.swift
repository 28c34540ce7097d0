import Projection
import Store

/// What to import and how, checked once: the one request that `riskmap import` and `POST /imports` both build
/// from their own spelling of the same choices (options or query parameters) and then run.
public struct ImportRequest {
    public enum Format: String, CaseIterable, Sendable {
        case geojson, csv, osm
    }

    /// The layers written: one, or every layer an OpenStreetMap file fills (layer `osm`).
    public let layers: [LayerSchema]
    public let format: Format
    public let mapping: ImportMapping?
    public let system: InputCoordinateSystem
    public let options: ImportOptions

    /// - Parameters:
    ///   - format: the format asked for; else the mapping's, else `formatHint` (a file extension's or a
    ///     content type's).
    ///   - system: the input coordinates; else the mapping's `crs`, else WGS 84.
    ///   - formats: the formats this edge takes (a request body is never an OpenStreetMap extract).
    ///   - vocabularies: the database's catalogue, so a mapping may name the codes a bureau added.
    public init(layer layerName: String, format formatName: String?, formatHint: String?, mapping: ImportMapping?,
                system: InputCoordinateSystem?, mode: String?, key: String?, skipInvalid: Bool, sourceName: String,
                links: [String] = [], formats: [Format] = Format.allCases, vocabularies: Vocabularies = .builtIn) throws(ImportRequestError) {
        let osmAll = layerName == "osm" && formats.contains(.osm)
        guard let layer = osmAll ? OSMFeatureReader.layers[0] : vocabularies.layer(layerName) else {
            throw ImportRequestError(option: "layer", problem: "must name a layer: \(Catalog.layers.map(\.name).joined(separator: ", "))"
                                     + (formats.contains(.osm) ? " or osm" : "") + ", not '\(layerName)'")
        }
        guard let mode = ImportMode(rawValue: mode ?? ImportMode.append.rawValue) else {
            throw ImportRequestError(option: "mode", problem: "must be one of \(ImportMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if mode == .upsert, key == nil { throw ImportRequestError(option: "key", problem: "must name the field that identifies a feature for mode upsert") }
        do { try mapping?.check(for: layer) } catch { throw ImportRequestError(option: "mapping", problem: "does not fit: \(error)") }
        let names = formats.map(\.rawValue).joined(separator: ", ")
        guard let text = formatName ?? mapping?.format ?? formatHint, let format = Format(rawValue: text.lowercased()), formats.contains(format) else {
            throw ImportRequestError(option: "format", problem: "must be one of \(names)" + (formatName == nil ? " (it cannot be told from the input)" : ""))
        }
        if osmAll, format != .osm { throw ImportRequestError(option: "format", problem: "must be osm for layer osm") }
        if format == .osm, !OSMFeatureReader.layers.contains(where: { $0.name == layer.name }) {
            throw ImportRequestError(option: "layer", problem: "\(layer.name) cannot be read from OpenStreetMap: an OpenStreetMap file fills "
                                     + OSMFeatureReader.layers.map(\.name).joined(separator: ", ") + " (or all of them: osm)")
        }
        layers = osmAll ? OSMFeatureReader.layers : [layer]
        self.format = format
        self.mapping = mapping
        self.system = system ?? InputCoordinateSystem(parsing: mapping?.crs ?? "EPSG:4326")
        var resolved: [ImportLink]
        do {
            resolved = try mapping?.importLinks(for: layer) ?? []
            for text in links { resolved.append(try ImportLink(parsing: text, for: layer)) }
        } catch {
            throw ImportRequestError(option: "link", problem: "\(error)")
        }
        options = ImportOptions(mode: mode, key: key, skipInvalid: skipInvalid, sourceName: sourceName, parent: mapping?.parent,
                                links: resolved, values: mapping?.values ?? [:])
    }

    /// Reads the file at `path` into the layers in one transaction; throws `ImportRejected` (nothing written)
    /// when rows are invalid and `skipInvalid` is off.
    public func run(path: String, store: Store, context: WriteContext,
                    progress: (ImportSummary, (done: Int, total: Int)) -> Void = { _, _ in }) throws -> ImportSummary {
        let importer = try Importer(store: store, layers: layers, options: options, context: context)
        let projContext = ProjContext()
        switch format {
        case .geojson:
            var reader = try GeoJSONFeatureReader(path: path, layer: layers[0], mapping: mapping, system: system, context: projContext)
            return try importer.run(&reader, progress: progress)
        case .csv:
            var reader = try CSVFeatureReader(path: path, layer: layers[0], mapping: mapping, system: system, context: projContext)
            return try importer.run(&reader, progress: progress)
        case .osm:
            var reader = try OSMFeatureReader(path: path, layers: layers)
            return try importer.run(&reader, progress: progress)
        }
    }
}

/// An import request that cannot run as given: which choice is wrong and why. The CLI names the option
/// (`--mode`, or `LAYER`), the HTTP API the query parameter (`mode`).
public struct ImportRequestError: Error, CustomStringConvertible, Sendable {
    public let option: String
    public let problem: String

    public init(option: String, problem: String) {
        self.option = option
        self.problem = problem
    }

    public var description: String { "\(option) \(problem)" }
}
