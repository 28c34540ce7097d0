/// One subcommand: its name, what it does, its options, and the code that runs it.
struct Command: Sendable {
    let name: String
    /// One line for the list of commands.
    let brief: String
    /// The paragraph `--help` starts with.
    let summary: String
    let usage: String
    let options: [OptionSpec]
    var maxPositionals = 0
    let run: @Sendable (ParsedArguments) throws -> Void

    var help: String {
        var s = "\(summary)\n\nUsage: riskmap \(name) \(usage)\n\nOptions:\n"
        let all = options + [OptionSpec("--help", help: "Show this help.")]
        let width = all.map { $0.name.count + ($0.value.map { $0.count + 1 } ?? 0) }.max() ?? 0
        for o in all {
            let left = o.name + (o.value.map { " " + $0 } ?? "")
            s += "  " + left + String(repeating: " ", count: width - left.count + 2) + o.help
            if let d = o.defaultValue { s += " (default: \(d))" }
            s += "\n"
        }
        return s
    }
}
