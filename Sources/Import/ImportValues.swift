import Foundation
import Store

/// What an import does to a row's values before the store checks them: the mapping's value maps (a bureau's
/// spellings to the layer's codes), a loose match of vocabulary codes (case, spaces, hyphens and underscores
/// ignored, each such match reported once), and references resolved by a key the user names (`links`: an
/// enterprise by its credit code) instead of by assuming the file's ids are the database's.
public struct ImportLink: Sendable, Equatable {
    /// The row's field that refers to another layer (`source_id`).
    public let field: String
    /// The referred layer and its field the file's value is matched against (`risk_sources`, `credit_code`).
    public let layer: LayerSchema
    public let key: String

    public static func == (a: ImportLink, b: ImportLink) -> Bool { a.field == b.field && a.layer.name == b.layer.name && a.key == b.key }

    /// `source_id=credit_code`, checked against `layer`: the field must refer to a layer that has the key.
    public init(parsing text: String, for layer: LayerSchema) throws {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { throw ImportError("a link is FIELD=KEY (source_id=credit_code), not '\(text)'") }
        try self.init(field: parts[0], key: parts[1], for: layer)
    }

    public init(field: String, key: String, for layer: LayerSchema) throws {
        guard let f = layer.field(field), let referred = f.references.flatMap(Catalog.layer) else {
            let referring = layer.fields.filter { $0.references != nil }.map(\.name)
            throw ImportError("link \(field): not a field of \(layer.name) that refers to another layer"
                              + (referring.isEmpty ? "" : " (those: \(referring.joined(separator: ", ")))"))
        }
        guard referred.field(key) != nil else { throw ImportError("link \(field)=\(key): \(referred.name) has no field \(key)") }
        self.field = field
        self.layer = referred
        self.key = key
    }
}

/// The per-import state of value normalising and link resolving (inside the import's transaction).
struct ImportValues {
    let layer: LayerSchema
    /// Field → the file's value → the layer's code.
    let maps: [String: [String: String]]
    let links: [ImportLink]
    /// Loose spellings already reported, "field\u{0}value".
    private var reported: Set<String> = []
    /// Link field → key value → id, for keys met earlier in this file.
    private var resolved: [String: [Value: Int64]] = [:]

    init(layer: LayerSchema, maps: [String: [String: String]], links: [ImportLink]) {
        self.layer = layer
        self.maps = maps
        self.links = links
    }

    /// Rewrites `feature`'s values; returns the row's problems (a key no feature has), and adds a warning to
    /// `warnings` the first time a loose spelling is matched.
    mutating func apply(_ feature: inout Feature, _ tx: WriteTransaction, warnings: inout [String]) throws -> [String] {
        for field in layer.fields where field.vocabulary != nil {
            guard case .text(let raw) = feature[field.name] else { continue }
            if let code = maps[field.name]?[raw] {
                feature[field.name] = .text(code)
            } else if let code = Self.loose(raw, field), code != raw {
                feature[field.name] = .text(code)
                if reported.insert(field.name + "\u{0}" + raw).inserted {
                    warnings.append("\(field.name): '\(raw)' taken as '\(code)'")
                }
            }
        }
        var problems: [String] = []
        for link in links {
            let value = feature[link.field]
            guard !value.isNull else { continue }
            let key: Value = if case .integer(let i) = value, link.layer.field(link.key)?.kind == .text { .text(String(i)) } else { value }
            if let id = resolved[link.field]?[key] {
                feature[link.field] = .integer(id)
            } else if let id = try tx.featureID(in: link.layer, where: link.key, equals: key) {
                resolved[link.field, default: [:]][key] = id
                feature[link.field] = .integer(id)
            } else {
                problems.append("\(link.field): no \(link.layer.name) feature has \(link.key) \(Self.text(key))")
            }
        }
        return problems
    }

    /// The code a spelling loosely matches (a code or alias once case, spaces, hyphens and underscores are
    /// ignored), when exactly one does; nil when the value is already exact or matches nothing.
    static func loose(_ raw: String, _ field: Field) -> String? {
        guard let vocabulary = field.vocabulary, !vocabulary.contains(raw), field.aliases[raw] == nil else { return nil }
        let key = squeeze(raw)
        let candidates = Set(vocabulary.filter { squeeze($0) == key } + field.aliases.filter { squeeze($0.key) == key }.map(\.value))
        return candidates.count == 1 ? candidates.first : nil
    }

    static func squeeze(_ s: String) -> String { s.lowercased().filter { !" -_\t".contains($0) } }

    private static func text(_ v: Value) -> String {
        switch v {
        case .text(let s): "'\(s)'"
        case .integer(let i): String(i)
        case .real(let d): String(d)
        case .null: "null"
        }
    }
}
