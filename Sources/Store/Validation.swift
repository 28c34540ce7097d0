import GeoKit

/// Checks a feature against its layer and brings its values to stored form (aliases to codes, timestamps
/// to UTC text, booleans to 0/1). Collects every problem rather than stopping at the first.
struct Validator {
    let layer: LayerSchema

    /// Returns the writable fields' values in column order, or throws `StoreError.invalidFeature`.
    func normalise(_ feature: Feature) throws(StoreError) -> [Value] {
        var problems: [String] = []
        if let g = feature.geometry {
            problems += geometryProblems(g)
        } else if !layer.geometryOptional {
            problems.append("geometry is required")
        }
        let unknown = feature.properties.keys.filter { name in !layer.fields.contains { $0.name == name } }
        for name in unknown.sorted() { problems.append("unknown property '\(name)'") }
        var values: [Value] = []
        values.reserveCapacity(layer.writableFields.count)
        for field in layer.writableFields {
            let given = feature.properties[field.name] ?? .null
            let value = given.isNull ? field.defaultValue : given
            switch normalise(value, for: field) {
            case .success(let v): values.append(v)
            case .failure(let problem):
                problems.append("\(field.name): \(problem.reason)")
                values.append(.null)
            }
        }
        if let window = layer.timeWindow, let from = value(window.from, in: values)?.textValue, let to = value(window.to, in: values)?.textValue,
           to < from {
            problems.append("\(window.to) (\(to)) precedes \(window.from) (\(from))")
        }
        guard problems.isEmpty else { throw .invalidFeature(layer: layer.name, problems: problems) }
        return values
    }

    /// A field's value among `normalise`'s results (stored timestamps are UTC text, so they compare as text).
    private func value(_ field: String, in values: [Value]) -> Value? {
        layer.writableFields.firstIndex { $0.name == field }.map { values[$0] }
    }

    struct Problem: Error { let reason: String }

    func normalise(_ value: Value, for field: Field) -> Result<Value, Problem> {
        if value.isNull {
            return field.required ? .failure(Problem(reason: "is required")) : .success(.null)
        }
        switch field.kind {
        case .integer:
            guard let v = value.intValue ?? value.textValue.flatMap({ Int64($0.trimmed) }) else {
                return .failure(Problem(reason: "'\(value)' is not an integer"))
            }
            return inRange(Double(v), field).map { .integer(v) }
        case .real:
            guard let v = value.doubleValue ?? value.textValue.flatMap({ Double($0.trimmed) }), v.isFinite else {
                return .failure(Problem(reason: "'\(value)' is not a number"))
            }
            return inRange(v, field).map { .real(v) }
        case .boolean:
            switch value {
            case .integer(0), .text("false"), .text("no"), .text("0"), .text("否"): return .success(.integer(0))
            case .integer(1), .text("true"), .text("yes"), .text("1"), .text("是"): return .success(.integer(1))
            default: return .failure(Problem(reason: "'\(value)' is not a boolean"))
            }
        case .timestamp:
            guard let t = value.textValue.flatMap(Timestamp.normalise) else {
                return .failure(Problem(reason: "'\(value)' is not an ISO 8601 timestamp"))
            }
            return .success(.text(t))
        case .date:
            guard let t = value.textValue, t.utf8.count == 10, Timestamp.parse(t) != nil else {
                return .failure(Problem(reason: "'\(value)' is not a date (YYYY-MM-DD)"))
            }
            return .success(.text(t))
        case .text:
            let text: String
            switch value {
            case .text(let s): text = s
            case .integer, .real: text = value.description
            case .null: return .success(.null)
            }
            // A NUL ends the text for C readers (GDAL, sqlite3 shells) and hides what follows it.
            if text.utf8.contains(0) { return .failure(Problem(reason: "contains a NUL character")) }
            guard let vocabulary = field.vocabulary else { return .success(.text(text)) }
            if vocabulary.contains(text) { return .success(.text(text)) }
            if let code = field.aliases[text.trimmed] ?? field.aliases[text.trimmed.lowercased()] { return .success(.text(code)) }
            if vocabulary.contains(text.trimmed.lowercased()) { return .success(.text(text.trimmed.lowercased())) }
            return .failure(Problem(reason: "'\(text)' is not one of \(vocabulary.joined(separator: ", "))"))
        }
    }

    private func inRange(_ v: Double, _ field: Field) -> Result<Void, Problem> {
        guard let range = field.range, !range.contains(v) else { return .success(()) }
        return .failure(Problem(reason: "\(v) is outside \(range.lowerBound)…\(range.upperBound)"))
    }

    func geometryProblems(_ g: Geometry) -> [String] {
        guard layer.geometryKinds.contains(g.kind) else {
            return ["geometry type \(g.kind.name) is not allowed (allowed: \(layer.geometryKinds.map(\.name).joined(separator: ", ")))"]
        }
        var problems: [String] = []
        var bad: Coordinate?
        g.forEachCoordinate { c in
            if bad == nil, !(c.x.isFinite && c.y.isFinite && abs(c.x) <= 180 && abs(c.y) <= 90) { bad = c }
        }
        if let bad { problems.append("coordinate (\(bad.x), \(bad.y)) is not a longitude/latitude in EPSG:4326") }
        switch g {
        case .point, .multiPoint: break
        case .lineString(let l): problems += lineProblems(l)
        case .multiLineString(let ls): for l in ls { problems += lineProblems(l) }
        case .polygon(let rings): problems += ringProblems(rings)
        case .multiPolygon(let polys): for p in polys { problems += ringProblems(p) }
        }
        if case .multiPoint(let ps) = g, ps.isEmpty { problems.append("MultiPoint has no points") }
        return problems
    }

    private func lineProblems(_ line: [Coordinate]) -> [String] {
        guard line.count >= 2 else { return ["LineString needs at least 2 positions, has \(line.count)"] }
        return Set(line).count >= 2 ? [] : ["LineString has zero length"]
    }

    private func ringProblems(_ rings: [[Coordinate]]) -> [String] {
        guard !rings.isEmpty else { return ["Polygon has no rings"] }
        var problems: [String] = []
        for (i, ring) in rings.enumerated() {
            if ring.count < 4 { problems.append("ring \(i) needs at least 4 positions, has \(ring.count)") }
            else if ring.first != ring.last { problems.append("ring \(i) is not closed") }
        }
        return problems
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
