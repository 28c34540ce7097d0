import Foundation
import Store

let vocabularyCommand = Command(
    name: "vocabulary", brief: "Add codes to a coded field's vocabulary (a site category), or list the added ones.",
    summary: "Extend the vocabulary of a coded field (\(Vocabularies.extensible.map { "\($0.layer).\($0.field)" }.joined(separator: ", "))) with a code and its Chinese and English labels; a site category also takes its protected-target class (GB 36894-2018), which the site check then applies to it as a use. The code is stored in the database and the layer's CHECK constraint accepts it, so every process on the file agrees, a running server included. Codes are lower-case snake_case and new; adding only extends (a code cannot be removed or relabelled). `list` prints the added codes: field, code, labels and class, tab-separated.",
    usage: "add --layer LAYER --field FIELD --code CODE --zh LABEL --en LABEL [--protection-class CLASS] | list  [--db PATH]",
    options: [
        OptionSpec("--layer", value: "LAYER", help: "The layer whose field gets the code (add)."),
        OptionSpec("--field", value: "FIELD", help: "The coded field (add): \(Vocabularies.extensible.map { "\($0.layer) \($0.field)" }.joined(separator: ", "))."),
        OptionSpec("--code", value: "CODE", help: "The new code, lower-case snake_case (add)."),
        OptionSpec("--zh", value: "LABEL", help: "Its Chinese label, also taken as a spelling of the code in writes and imports (add)."),
        OptionSpec("--en", value: "LABEL", help: "Its English label (add)."),
        OptionSpec("--protection-class", value: "CLASS", help: "For a site category: its protected-target class, one of \(Catalog.protectionClasses.joined(separator: ", ")) (add)."),
        dbOption,
    ],
    maxPositionals: 1
) { args in
    switch args.positionals.first {
    case "add":
        func value(_ option: String) throws -> String {
            guard let v = args.value(option) else { throw UsageError(description: "vocabulary add needs \(option)") }
            return v
        }
        let entry = VocabularyEntry(layer: try value("--layer"), field: try value("--field"), code: try value("--code"),
                                    zh: try value("--zh"), en: try value("--en"), protectionClass: args.value("--protection-class"))
        try openStore(args).addVocabulary(entry, actor: "riskmap vocabulary (\(NSUserName()))")
        print("\(entry.layer).\(entry.field): added \(entry.code) (\(entry.zh), \(entry.en))" + (entry.protectionClass.map { ", protected-target class \($0)" } ?? ""))
    case "list":
        for e in try openStore(args).vocabularies().added {
            print(["\(e.layer).\(e.field)", e.code, e.zh, e.en, e.protectionClass ?? ""].joined(separator: "\t"))
        }
    default:
        throw UsageError(description: "vocabulary needs an action: add or list")
    }
}
