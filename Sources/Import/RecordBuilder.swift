import GeoKit
import Projection
import Store

/// Turns a row's values (by column or property name) and geometry into an `ImportRecord`: fields renamed by the
/// mapping, coordinates converted to WGS 84 and checked against the mapping's bounds, the parent split off in a
/// register. Shared by the CSV and GeoJSON readers so both treat rows alike.
struct RecordBuilder {
    /// Columns and properties an export writes that an import does not take: ids are assigned by the store.
    static let ignoredNames: Set<String> = ["fid", "id"]

    let layer: LayerSchema
    /// Column → field; nil keeps names as they are (GeoJSON properties named like the fields).
    let fields: [String: String]?
    let parent: ImportMapping.Parent?
    let converter: WGS84Converter
    let bounds: BBox?

    /// `value` turns a row's raw value into a field's; only the values the mapping reads are turned (a GeoJSON
    /// file's other properties are never converted).
    func record<Raw>(location: String, geometry: Geometry?, problems: [String], values: [String: Raw],
                     value: (Raw) -> Value) -> ImportRecord {
        var feature = Feature(geometry: geometry, properties: Dictionary(minimumCapacity: fields?.count ?? values.count))
        if let fields {
            for (column, field) in fields { if let raw = values[column] { let v = value(raw); if !v.isNull { feature[field] = v } } }
        } else {
            // A file's own ids (`id`, `fid`) are not riskmap's: the store assigns them, in CSV and GeoJSON alike.
            for (name, raw) in values where !Self.ignoredNames.contains(name) { let v = value(raw); if !v.isNull { feature[name] = v } }
        }
        var parentFeature: Feature?
        var problems = problems
        if let parent {
            var p = Feature(geometry: geometry, properties: [:])
            for (column, field) in parent.fields { if let raw = values[column] { let v = value(raw); if !v.isNull { p[field] = v } } }
            if p[parent.key].isNull {
                let column = parent.fields.first { $0.value == parent.key }?.key ?? parent.key
                problems.append("\(column) (\(parent.key)) is empty: the row's \(parent.layer.name) feature cannot be matched")
            }
            parentFeature = p
        }
        return ImportRecord(location: location, feature: problems.isEmpty ? feature : nil,
                            parent: problems.isEmpty ? parentFeature : nil, problems: problems)
    }

    /// The geometry in WGS 84, or what is wrong with it. `axes` names the x and y inputs for messages about a
    /// point read from two columns.
    func convert(_ g: Geometry, axes: (x: String, y: String)?) -> (geometry: Geometry?, problems: [String]) {
        let converted: Geometry
        do {
            converted = try g.transformingCoordinates { (cs: inout [Coordinate]) throws(ProjectionError) in try converter.convert(&cs) }
        } catch {
            let raw = boundsProblems(g, original: g, axes: axes)
            return (nil, raw.isEmpty ? ["coordinates cannot be converted from \(converter.system): \(error.message)"] : raw)
        }
        let problems = boundsProblems(converted, original: g, axes: axes)
        return problems.isEmpty ? (converted, []) : (nil, problems)
    }

    private func boundsProblems(_ g: Geometry, original: Geometry, axes: (x: String, y: String)?) -> [String] {
        guard let bounds else { return [] }
        var bad: Coordinate?
        g.forEachCoordinate { c in if bad == nil, !bounds.contains(c) { bad = c } }
        guard let bad else { return [] }
        let range = "\(fmt(bounds.minX))…\(fmt(bounds.maxX)) E, \(fmt(bounds.minY))…\(fmt(bounds.maxY)) N"
        if case .point(let raw) = original, let axes {
            if bounds.contains(Coordinate(bad.y, bad.x)) {
                return ["\(axes.x) \(fmt(raw.x)) and \(axes.y) \(fmt(raw.y)) look swapped (the point lies outside \(range), and inside with the two exchanged)"]
            }
            var out: [String] = []
            if !(bounds.minX...bounds.maxX).contains(bad.x) { out.append("\(axes.x) \(fmt(raw.x)) is outside \(fmt(bounds.minX))…\(fmt(bounds.maxX))") }
            if !(bounds.minY...bounds.maxY).contains(bad.y) { out.append("\(axes.y) \(fmt(raw.y)) is outside \(fmt(bounds.minY))…\(fmt(bounds.maxY))") }
            return out
        }
        return ["coordinate (\(fmt(bad.x)), \(fmt(bad.y))) lies outside \(range)"]
    }

    private func fmt(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)" }
}

/// Store problems ("level: 'x' is not one of …") restated with the file's column names ("风险等级 (level): …").
struct ProblemWording: Sendable {
    /// Layer name → field → column.
    let columns: [String: [String: String]]

    init(layer: LayerSchema, fields: [String: String]?, parent: ImportMapping.Parent?) {
        var c: [String: [String: String]] = [:]
        if let fields { c[layer.name] = Dictionary(fields.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a }) }
        if let parent { c[parent.layer.name] = Dictionary(parent.fields.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a }) }
        columns = c
    }

    func describe(_ problem: String, layer: LayerSchema) -> String {
        guard let colon = problem.firstIndex(of: ":") else { return problem }
        let field = String(problem[..<colon])
        guard let column = columns[layer.name]?[field], column != field else { return problem }
        return "\(column) (\(field))" + problem[colon...]
    }
}
