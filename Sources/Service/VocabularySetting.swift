import Store

/// One entry of the config's `vocabularies` list (docs/CONFIG.md): a code added to a coded field, as
/// `riskmap vocabulary add` takes it. The store checks it when the server starts.
public struct VocabularySetting: Codable, Sendable, Equatable {
    public var layer: String
    public var field: String
    public var code: String
    public var zh: String
    public var en: String
    public var protectionClass: String?

    public init(_ entry: VocabularyEntry) {
        (layer, field, code, zh, en, protectionClass) = (entry.layer, entry.field, entry.code, entry.zh, entry.en, entry.protectionClass)
    }

    public var entry: VocabularyEntry {
        VocabularyEntry(layer: layer, field: field, code: code, zh: zh, en: en, protectionClass: protectionClass)
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case layer, field, code, zh, en, protectionClass }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        layer = try c.decode(String.self, forKey: .layer)
        field = try c.decode(String.self, forKey: .field)
        code = try c.decode(String.self, forKey: .code)
        zh = try c.decode(String.self, forKey: .zh)
        en = try c.decode(String.self, forKey: .en)
        protectionClass = try c.decodeIfPresent(String.self, forKey: .protectionClass)
        if let (unknown, known) = try ServiceConfig.AnyKey.unknown(in: decoder, besides: CodingKeys.self) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "vocabularies: unknown key '\(unknown)' (keys: \(known.joined(separator: ", ")))"))
        }
    }
}
