import Testing
import Store

@Suite struct LabelTests {
    /// Every code a layer may store has a Chinese and an English label.
    @Test func everyVocabularyCodeHasLabels() {
        for layer in Catalog.layers {
            for field in layer.fields {
                for code in field.vocabulary ?? [] {
                    let label = Catalog.labels[code]
                    #expect(label != nil, "\(layer.name).\(field.name): no label for \(code)")
                    #expect(label?.zh.isEmpty == false && label?.en.isEmpty == false)
                }
            }
        }
    }
}
