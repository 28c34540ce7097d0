/// A code a bureau added to a coded field (a `cinema` site category), with how people read it and, for a site
/// category, its protected-target class (GB 36894-2018) so a site check knows what the use is.
public struct VocabularyEntry: Sendable, Equatable {
    public let layer: String
    public let field: String
    public let code: String
    public let zh: String
    public let en: String
    public let protectionClass: String?

    public init(layer: String, field: String, code: String, zh: String, en: String, protectionClass: String? = nil) {
        self.layer = layer
        self.field = field
        self.code = code
        self.zh = zh.trimmed
        self.en = en.trimmed
        self.protectionClass = protectionClass
    }
}

/// Why an added code was refused; one line a bureau can act on.
public struct VocabularyError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The effective catalogue: every coded field's built-in codes (`Catalog`) and the codes the database stores
/// (`vocabulary_extensions`). The database is the truth, so the CLI and a server on the same file agree;
/// validation, queryables, labels and the site check read this rather than `Catalog`'s lists directly.
public struct Vocabularies: Sendable {
    /// The codes added beyond the catalogue, in the order they were added.
    public let added: [VocabularyEntry]
    /// Every layer with its fields' vocabularies, aliases included, extended by `added`.
    public let layers: [LayerSchema]
    private let labelsByCode: [String: (zh: String, en: String)]

    /// The fields a bureau may extend: the ones whose codes only name things. The others carry meaning in the
    /// model (levels and colours, pipeline kinds' impact formulas and grid lanes, road classes' speeds, the
    /// standard's protected-target classes, report statuses, alert message types) and a new code there would
    /// need code to go with it.
    public static let extensible: [(layer: String, field: String)] = [
        ("sites", "category"), ("risk_sources", "sector"), ("resources", "kind"), ("reports", "activity"),
    ]

    public static let builtIn = Vocabularies(added: [])

    public init(added: [VocabularyEntry]) {
        self.added = added
        var byField: [String: [VocabularyEntry]] = [:]
        for e in added { byField[e.layer + "." + e.field, default: []].append(e) }
        layers = Catalog.layers.map { layer in
            var extended = layer
            for (i, f) in layer.fields.enumerated() {
                guard let entries = byField[layer.name + "." + f.name], f.vocabulary != nil else { continue }
                extended.fields[i].vocabulary! += entries.map(\.code)
                for e in entries {
                    extended.fields[i].aliases[e.zh] = e.code
                    if extended.fields[i].aliases[e.en.lowercased()] == nil { extended.fields[i].aliases[e.en.lowercased()] = e.code }
                }
            }
            extended.writableFields = extended.fields.filter { !$0.computed }
            return extended
        }
        var labels = Catalog.labels
        for e in added where labels[e.code] == nil { labels[e.code] = (e.zh, e.en) }
        labelsByCode = labels
    }

    public func layer(_ name: String) -> LayerSchema? { layers.first { $0.name == name } }

    /// `layer` with its extended vocabularies (itself when it is not one of the catalogue's).
    public func layer(_ layer: LayerSchema) -> LayerSchema { self.layer(layer.name) ?? layer }

    /// How people read `code`, in Chinese and English.
    public func label(_ code: String) -> (zh: String, en: String)? { labelsByCode[code] }

    /// The protected-target class of each added site category.
    public var protectionClassByCategory: [String: String] {
        var out: [String: String] = [:]
        for e in added where e.layer == "sites" && e.field == "category" { out[e.code] = e.protectionClass }
        return out
    }

    /// Why `entry` cannot be added, or nil when it can: a field that may be extended, a new lower-case
    /// snake_case code, labels that name no other code, and a protected-target class exactly for site categories.
    public func problem(adding entry: VocabularyEntry) -> String? {
        let name = "\(entry.layer).\(entry.field)"
        guard Self.extensible.contains(where: { $0 == (entry.layer, entry.field) }),
              let field = layer(entry.layer)?.field(entry.field), let vocabulary = field.vocabulary else {
            return "\(name) has no vocabulary a bureau may extend (those: \(Self.extensible.map { "\($0.layer).\($0.field)" }.joined(separator: ", ")))"
        }
        guard Self.isCode(entry.code) else {
            return "code '\(entry.code)' must be lower-case snake_case (a–z, 0–9 and _, starting with a letter, at most 64 characters)"
        }
        if vocabulary.contains(entry.code) { return "\(name) already has the code '\(entry.code)'" }
        for (what, text) in [("zh", entry.zh), ("en", entry.en)] {
            if text.trimmed.isEmpty { return "code '\(entry.code)' needs a \(what) label" }
            if text.contains(where: { $0.isNewline || $0 == "\0" }) { return "the \(what) label of '\(entry.code)' must be one line" }
        }
        for text in [entry.zh, entry.en.lowercased()] {
            if let other = field.aliases[text] ?? (vocabulary.contains(text) ? text : nil) {
                return "'\(text)' already names \(name) '\(other)'"
            }
        }
        if entry.layer == "sites", entry.field == "category" {
            guard let cls = entry.protectionClass else {
                return "a site category needs its protected-target class (one of \(Catalog.protectionClasses.joined(separator: ", ")))"
            }
            guard Catalog.protectionClasses.contains(cls) else {
                return "protected-target class '\(cls)' is not one of \(Catalog.protectionClasses.joined(separator: ", "))"
            }
        } else if entry.protectionClass != nil {
            return "only a site category (sites.category) takes a protected-target class"
        }
        return nil
    }

    static func isCode(_ s: String) -> Bool {
        guard let first = s.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), s.utf8.count <= 64 else { return false }
        return s.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_") }
    }
}
