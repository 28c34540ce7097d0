import Store

let schemaCommand = Command(
    name: "schema", brief: "Print every layer and field of the data model as Markdown.",
    summary: "Print every layer of the one map with its geometry, fields, types, rules and labels, as Markdown tables (docs/DATA-MODEL.md embeds this output).",
    usage: "", options: []
) { _ in
    print(SchemaDocument.markdown, terminator: "")
}

/// The data model as Markdown, made from the catalog so the documentation cannot drift from the code.
enum SchemaDocument {
    static var markdown: String {
        var s = ""
        for layer in Catalog.layers {
            s += "### \(layer.name) — \(layer.title) (\(layer.titleZh))\n\n"
            s += "Geometry: \(layer.geometryKinds.map(\.name).joined(separator: " or ")), registered as \(layer.declaredType)"
            s += layer.geometryOptional ? " (may be empty: a risk then takes a point on its source)" : ""
            s += ". Key: `fid` (never reused).\n"
            if let window = layer.timeWindow { s += "Time window: `\(window.from)` … `\(window.to)`.\n" }
            s += "\n| field | type | rules | meaning |\n|---|---|---|---|\n"
            for f in layer.fields {
                var rules: [String] = []
                if f.required { rules.append("required") }
                if f.computed { rules.append("computed by riskmap") }
                if let v = f.vocabulary { rules.append("one of " + v.map { "`\($0)`" }.joined(separator: ", ")) }
                if let r = f.range { rules.append("\(format(r.lowerBound))…\(format(r.upperBound))") }
                if !f.defaultValue.isNull { rules.append("default \(f.defaultValue)") }
                if let ref = f.references { rules.append("→ \(ref).fid") }
                s += "| `\(f.name)` | \(f.kind.rawValue) | \(rules.joined(separator: "; ")) | \(f.title) · \(f.titleZh) |\n"
            }
            s += "\n"
        }
        return s
    }

    private static func format(_ v: Double) -> String { v == v.rounded() ? String(Int64(v)) : String(v) }
}
